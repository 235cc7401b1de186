/**
 * Token checks shared by every transport (TCP AUTH, HTTP bearer, SSE/WS `?token=`).
 * Comparison is constant-time per token, so timing does not leak prefixes.
 */

/** Constant-time string equality (length leak only). */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Whether `token` is one of `tokens` (checks every token, no early exit). */
export function tokenMatches(tokens: readonly string[], token: string): boolean {
  let hit = false;
  for (const t of tokens) if (safeEqual(t, token)) hit = true;
  return hit;
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m ? m[1]!.trim() : undefined;
}
