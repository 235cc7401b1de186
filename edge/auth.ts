/**
 * Bearer-token check of the edge producer (`AUTH_TOKENS`): the same rule as the
 * server's HTTP API — with tokens configured, `Authorization: Bearer <token>` must
 * name one of them; without tokens, every request is accepted.
 */
import { AuthenticationError } from "../core/errors.ts";

/** Compare two strings in time independent of where they differ. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** Throws AuthenticationError unless `header` carries one of `tokens` (or `tokens` is empty). */
export function checkBearer(header: string | undefined | null, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  if (!header) throw new AuthenticationError("Authentication required: send Authorization: Bearer <token>");
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (m === null) throw new AuthenticationError("Authentication required: the Authorization header must use the Bearer scheme");
  const token = m[1]!.trim();
  let ok = false;
  for (const t of tokens) if (sameText(token, t)) ok = true;
  if (!ok) throw new AuthenticationError("Authentication failed: invalid token");
}
