/**
 * Finishing transitions: ACK (complete, with retention and release of dependants
 * and flow parents), FAIL (retry with backoff or dead-letter) and the DLQ.
 */
import {
  NO_EXTRA,
  S_COMPLETED,
  S_FAILED,
  S_WAITING,
  S_WAITING_CHILDREN,
  S_WAITING_PARENT,
  clearStarted,
  ext,
  setRunRel,
  type JobEntry,
} from "./job-entry.ts";
import type { Shard } from "./shard.ts";
import { FlashQError } from "./errors.ts";
import { decideFailure } from "./decisions/retry.ts";
import { isParentReleased } from "./decisions/dependencies.ts";
import { wake } from "./pulling.ts";
import { detach, readyOrDelayed, setState } from "./transitions.ts";
import { forget } from "./removal.ts";

/** ACK: `e` (active) completes with `result`. */
export function complete(s: Shard, e: JobEntry, result: unknown, now: number): void {
  const x = e.x ?? NO_EXTRA;
  const q = e.q;
  const id = e.id;
  const started = e.startedAt;
  detach(s, e);
  s.metrics.complete(now, now - started);
  q.totalCompleted++;
  if (x.uniqueKey !== null) releaseUnique(e);
  if (x.removeOnComplete) {
    forget(s, e);
  } else {
    setState(e, S_COMPLETED);
    // Completed: started_at moves to heapIdx, completed_at to seq (see JobEntry).
    e.heapIdx = started;
    e.seq = now;
    if (e.x !== null) e.x.result = result;
    else if (result !== null && result !== undefined) ext(e).result = result;
    retainCompleted(s, e, now);
  }
  s.recordJob(e);
  if (x.dependents !== null) releaseDependents(s, e, now);
  if (x.parentId !== null) childCompleted(s, x.parentId, now);
  if (s.finishWaiters.size > 0) settleWaiters(s, id, true, result);
  if (s.hasListeners) s.emit({ type: "completed", queue: q.name, jobId: id, timestamp: now, result });
  if (q.waiters.length > 0) wake(s, q);
}

/** Keep a completed job, applying the queue cap and the job's retention options. */
function retainCompleted(s: Shard, e: JobEntry, now: number): void {
  const q = e.q;
  q.completed.push(e);
  const x = e.x ?? NO_EXTRA;
  const keepCount = x.keepCount;
  const cap = keepCount > 0 ? keepCount : s.tuning.maxCompletedPerQueue;
  while (q.counts[S_COMPLETED] > cap) {
    const old = q.completed[q.completedHead++];
    if (old.state === S_COMPLETED && old.q === q) {
      forget(s, old);
      s.recordJob(old);
    }
  }
  if (q.completedHead > 1024 && q.completedHead * 2 > q.completed.length) {
    q.completed = q.completed.slice(q.completedHead);
    q.completedHead = 0;
  }
  const age = x.keepAge;
  if (age > 0) {
    const ex = ext(e);
    ex.timer = s.scheduler.at(now + age, () => {
      ex.timer = null;
      if (e.state === S_COMPLETED) {
        forget(s, e);
        s.recordJob(e);
      }
    });
  }
}

/** Release jobs whose depends_on waited on `e` (which completed). */
function releaseDependents(s: Shard, e: JobEntry, now: number): void {
  const ex = ext(e);
  const deps = ex.dependents as JobEntry[];
  ex.dependents = null;
  for (const d of deps) {
    if (d.state !== S_WAITING_CHILDREN) continue;
    if (--ext(d).blocking <= 0) {
      readyOrDelayed(s, d, now);
      s.recordJob(d);
      if (d.state === S_WAITING) wake(s, d.q);
    }
  }
}

/** A flow child completed: count it on the parent and release the parent when all did. */
function childCompleted(s: Shard, parentId: number, now: number): void {
  const p = s.jobs.get(parentId);
  if (p === undefined) return;
  const px = ext(p);
  px.childrenCompleted++;
  if (p.state === S_WAITING_PARENT && isParentReleased(px.childrenCompleted, px.childrenIds.length)) {
    readyOrDelayed(s, p, now);
    if (p.state === S_WAITING) wake(s, p.q);
  }
  s.recordJob(p);
}

/** FAIL (or timeout): count the attempt, then retry with backoff or dead-letter. */
export function failEntry(s: Shard, e: JobEntry, error: string, now: number): void {
  detach(s, e);
  clearStarted(e);
  const x = ext(e);
  x.attempts++;
  x.progressMsg = error === "" ? null : error;
  x.error = error;
  const v = decideFailure(x.attempts, x.maxAttempts, x.backoff, x.backoffType);
  if (v.action === "dlq") {
    toDlq(s, e, error, now);
    return;
  }
  setRunRel(e, now + v.delayMs - s.epoch);
  readyOrDelayed(s, e, now);
  s.recordJob(e);
  if (s.hasListeners) {
    s.emit({ type: "retried", queue: e.q.name, jobId: e.id, timestamp: now, error, attempts: x.attempts });
  }
  if (e.q.waiters.length > 0) wake(s, e.q);
}

/** Move `e` (already detached) to the DLQ, or drop it with remove_on_fail. */
export function toDlq(s: Shard, e: JobEntry, error: string, now: number): void {
  const q = e.q;
  const x = ext(e);
  e.seq = now; // completed_at (see JobEntry)
  x.error = error;
  releaseUnique(e);
  s.metrics.totalFailed++;
  q.totalFailed++;
  if (x.removeOnFail) {
    forget(s, e);
  } else {
    setState(e, S_FAILED);
    q.dlq.add(e);
  }
  s.recordJob(e);
  if (s.finishWaiters.size > 0) settleWaiters(s, e.id, false, error);
  if (s.hasListeners) s.emit({ type: "failed", queue: q.name, jobId: e.id, timestamp: now, error });
  if (q.waiters.length > 0) wake(s, q);
}

/** Free the job's unique_key if it holds it. */
export function releaseUnique(e: JobEntry): void {
  const x = e.x;
  if (x === null) return;
  const key = x.uniqueKey;
  if (key === null) return;
  const m = e.q.uniqueKeys;
  if (m !== null && m.get(key) === e) m.delete(key);
}

/** Resolve (completed) or reject (failed) the WAITJOB waiters of `id`. */
export function settleWaiters(s: Shard, id: number, ok: boolean, value: unknown): void {
  const list = s.finishWaiters.get(id);
  if (list === undefined) return;
  s.finishWaiters.delete(id);
  for (const w of list) {
    w.timer?.cancel();
    if (ok) w.resolve(value);
    else w.reject(jobFailedError(id, value as string));
  }
}

/** The error WAITJOB rejects with for a job in the DLQ. */
export function jobFailedError(id: number, error: string | null): FlashQError {
  const suffix = error ? `: ${error}` : "";
  return new FlashQError(`Job failed: ${id}${suffix}`, "JOB_FAILED", false, { jobId: id });
}
