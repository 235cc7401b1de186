/**
 * Retry policy: what happens to a job that failed (FAIL, timeout). Pure.
 *
 * - `attempts` counts failures; a failure increments it first.
 * - `max_attempts` 0 means "retry forever" (flashQ's default); otherwise the job
 *   goes to the dead-letter queue once `attempts >= max_attempts`.
 * - Backoff: `fixed` waits `backoff` ms every time; `exponential` waits
 *   `backoff · 2^(attempts-1)` (exponent capped at 20), so the first retry waits `backoff`.
 */

/** Exponent cap: 2^20 · backoff is already ~12 days for a 1 s base. */
export const MAX_BACKOFF_EXPONENT = 20;

/** Verdict of {@link decideFailure}. */
export type FailureVerdict = { action: "retry"; delayMs: number } | { action: "dlq" };

/** Delay before retry number `attempts` (≥ 1, already incremented). */
export function backoffDelay(backoff: number, type: "exponential" | "fixed", attempts: number): number {
  if (backoff <= 0) return 0;
  if (type === "fixed") return backoff;
  const exp = Math.min(Math.max(attempts - 1, 0), MAX_BACKOFF_EXPONENT);
  return backoff * 2 ** exp;
}

/** Retry (with delay) or dead-letter, given the attempts *after* counting this failure. */
export function decideFailure(
  attempts: number,
  maxAttempts: number,
  backoff: number,
  backoffType: "exponential" | "fixed",
): FailureVerdict {
  if (maxAttempts > 0 && attempts >= maxAttempts) return { action: "dlq" };
  return { action: "retry", delayMs: backoffDelay(backoff, backoffType, attempts) };
}
