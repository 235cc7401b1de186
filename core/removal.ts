/** Removing jobs for good (cancel, drain, obliterate, clean, retention, expiry). */
import { S_COMPLETED, S_REMOVED, S_WAITING_CHILDREN, S_WAITING_PARENT, type JobEntry } from "./job-entry.ts";
import type { Shard } from "./shard.ts";
import { JobNotFoundError } from "./errors.ts";
import { detach, setState } from "./transitions.ts";
import { releaseUnique, toDlq } from "./completion.ts";

/**
 * Remove `e` from the engine for good (cancel, drain, obliterate, clean, retention,
 * expiry). Jobs waiting on it that can no longer be satisfied go to the DLQ.
 * The caller records the change (`s.recordJob(e)` after this records `removed`).
 */
export function removeEntry(s: Shard, e: JobEntry, now: number): void {
  if (e.state === S_REMOVED) return;
  const wasCompleted = e.state === S_COMPLETED;
  detach(s, e);
  releaseUnique(e);
  forget(s, e);
  s.recordJob(e);
  const x = e.x;
  if (!wasCompleted) {
    const id = e.id;
    if (x !== null && x.dependents !== null) {
      const deps = x.dependents;
      x.dependents = null;
      for (const d of deps) {
        if (d.state === S_WAITING_CHILDREN) {
          detach(s, d);
          toDlq(s, d, `Dependency ${id} was removed before completing`, now);
        }
      }
    }
    const pid = x === null ? null : x.parentId;
    if (pid !== null) {
      const p = s.jobs.get(pid);
      if (p !== undefined && p.state === S_WAITING_PARENT) {
        toDlq(s, p, `Child ${id} was removed before completing`, now);
      }
    }
    if (s.finishWaiters.size > 0) {
      const list = s.finishWaiters.get(id);
      if (list !== undefined) {
        s.finishWaiters.delete(id);
        for (const w of list) {
          w.timer?.cancel();
          w.reject(new JobNotFoundError(id, `Job ${id} was removed before completing`));
        }
      }
    }
  }
}

/** Drop `e` from the indexes (state → removed). Structures must already be detached. */
export function forget(s: Shard, e: JobEntry): void {
  const x = e.x;
  if (x !== null && x.timer !== null) {
    x.timer.cancel();
    x.timer = null;
  }
  setState(e, S_REMOVED);
  s.jobs.delete(e.id);
  if (x !== null && x.customId !== null && s.customIds.get(x.customId) === e) s.customIds.delete(x.customId);
}
