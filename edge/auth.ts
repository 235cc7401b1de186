/**
 * Bearer-token check of the edge producer (`AUTH_TOKENS`): the server's rule and
 * messages (`adapters/auth.ts`) — with tokens configured, `Authorization: Bearer
 * <token>` must name one of them; without tokens, every request is accepted.
 */
import { AuthenticationError } from "../core/errors.ts";
import { bearerToken, tokenMatches } from "../adapters/auth.ts";

/** Throws AuthenticationError unless `header` carries one of `tokens` (or `tokens` is empty). */
export function checkBearer(header: string | undefined | null, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  const t = bearerToken(header);
  if (t === undefined) throw new AuthenticationError("Authentication required");
  if (!tokenMatches(tokens, t)) throw new AuthenticationError("Invalid token");
}
