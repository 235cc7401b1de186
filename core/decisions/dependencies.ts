/**
 * Dependency release (depends_on and flows). Pure: given what is known about the
 * dependencies, decide the initial state of a job and whether it is released.
 */

/** What the engine knows about one dependency id. */
export type DependencyStatus = "completed" | "pending" | "failed" | "unknown";

/**
 * Count of dependencies still blocking. A dependency blocks while it is pending
 * (waiting/delayed/active/…) or failed (in the DLQ — it may still be retried).
 * Completed dependencies do not block; unknown ids (never existed, or completed
 * and already removed by retention) do not block either.
 */
export function countBlocking(statuses: readonly DependencyStatus[]): number {
  let n = 0;
  for (const s of statuses) if (s === "pending" || s === "failed") n++;
  return n;
}

/** Whether a job with `blocking` dependencies left may run. */
export function isReleased(blocking: number): boolean {
  return blocking <= 0;
}

/** Whether a flow parent whose `completed` of `total` children finished may run. */
export function isParentReleased(completed: number, total: number): boolean {
  return completed >= total;
}
