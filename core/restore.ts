/**
 * Rebuilding the engine from storage: the start-up snapshot, and jobs that edge
 * producers inserted straight into storage. Nothing here records a change (the
 * rows already exist). Active jobs come back as waiting (at-least-once).
 */
import type { Snapshot, StoredJob } from "./ports.ts";
import type { Shard } from "./shard.ts";
import type { CronRunner } from "./cron.ts";
import {
  NO_EXTRA,
  createdRel,
  ext,
  type JobEntry,
  stateCode,
  S_ACTIVE,
  S_COMPLETED,
  S_FAILED,
  S_REMOVED,
  S_WAITING,
  S_WAITING_CHILDREN,
  S_WAITING_PARENT,
} from "./job-entry.ts";
import { readyOrDelayed, setState } from "./transitions.ts";
import { forget } from "./removal.ts";
import { expireIfDue, wake } from "./pulling.ts";
import { newBucket } from "./decisions/rate-limit.ts";
import { entryFromJob } from "./job-shape.ts";

/** Create the entry of a stored job and index it (not placed yet). */
function adopt(s: Shard, st: StoredJob): JobEntry | null {
  const job = st.job;
  if (s.jobs.has(job.id)) return null;
  const q = s.queue(job.queue);
  const e = entryFromJob(s, job, q, st.state);
  if (st.result !== undefined) ext(e).result = st.result;
  if (st.error !== undefined) ext(e).error = st.error;
  if (st.logs !== undefined) ext(e).logs = st.logs.slice();
  s.jobs.set(job.id, e);
  if (e.x !== null && e.x.customId !== null) s.customIds.set(e.x.customId, e);
  return e;
}

/** Put an adopted entry in the state storage says (active → waiting). */
function place(s: Shard, e: JobEntry, stored: string, now: number): void {
  const x = e.x ?? NO_EXTRA;
  let code = stateCode(stored);
  if (code === S_ACTIVE) code = S_WAITING;
  // heapIdx holds the stored started_at: completed jobs keep it there, others start unindexed.
  if (code !== S_COMPLETED) e.heapIdx = -1;
  switch (code) {
    case S_COMPLETED:
      setState(e, S_COMPLETED);
      e.q.completed.push(e);
      if (x.keepAge > 0) {
        const at = e.completedAt + x.keepAge;
        const ex = ext(e);
        ex.timer = s.scheduler.at(Math.max(at, now), () => {
          ex.timer = null;
          if (e.state === S_COMPLETED) {
            forget(s, e);
            s.recordJob(e);
          }
        });
      }
      return;
    case S_FAILED:
      setState(e, S_FAILED);
      e.q.dlq.add(e);
      return;
    case S_WAITING_PARENT:
      if (x.childrenCompleted < x.childrenIds.length) {
        setState(e, S_WAITING_PARENT);
        return;
      }
      break;
    case S_WAITING_CHILDREN: {
      let blocking = 0;
      for (const id of x.dependsOn) {
        const d = s.jobs.get(id);
        if (d === undefined || d.state === S_COMPLETED || d.state === S_REMOVED) continue;
        blocking++;
        (ext(d).dependents ??= []).push(e);
      }
      if (blocking > 0) {
        ext(e).blocking = blocking;
        setState(e, S_WAITING_CHILDREN);
        return;
      }
      break;
    }
  }
  holdUnique(e);
  readyOrDelayed(s, e, now);
  if (x.ttl > 0) ext(e).timer = s.scheduler.at(Math.max(now, createdRel(e) + s.epoch + x.ttl), () => expireIfDue(s, e));
}

function holdUnique(e: JobEntry): void {
  const key = e.x === null ? null : e.x.uniqueKey;
  if (key === null) return;
  if (e.q.uniqueKeys === null) e.q.uniqueKeys = new Map();
  if (!e.q.uniqueKeys.has(key)) e.q.uniqueKeys.set(key, e);
}

/** Load a snapshot into an empty engine. */
export function restoreSnapshot(s: Shard, snap: Snapshot, cron: CronRunner): void {
  const now = s.clock.now();
  const stored = snap.jobs.slice().sort((a, b) => a.job.id - b.job.id);
  const entries: (JobEntry | null)[] = stored.map((st) => adopt(s, st));
  // Finished jobs first, so dependency counting sees them; then the rest by id.
  const order = stored.map((_, i) => i);
  const rank = (st: StoredJob) => (st.state === "completed" || st.state === "failed" ? 0 : st.state === "waiting-children" ? 2 : 1);
  order.sort((a, b) => rank(stored[a]) - rank(stored[b]) || a - b);
  for (const i of order) {
    const e = entries[i];
    if (e !== null) {
      place(s, e, stored[i].state, now);
      if (e.state !== S_COMPLETED && e.state !== S_FAILED && e.state !== S_REMOVED) holdUnique(e);
    }
  }
  for (const q of s.queues.values()) q.completed.sort((a, b) => a.completedAt - b.completedAt || a.id - b.id);
  for (const qs of snap.queues) {
    const q = s.queue(qs.queue);
    q.paused = qs.paused;
    q.rateLimit = qs.rate_limit;
    q.bucket = qs.rate_limit === null ? null : newBucket(qs.rate_limit, now);
    q.concurrency = qs.concurrency_limit;
  }
  for (const c of snap.crons) cron.restore(c);
}

/** Insert jobs that were written straight into storage by others; returns how many were new. */
export function takeExternalJobs(s: Shard, jobs: StoredJob[]): number {
  const now = s.clock.now();
  let n = 0;
  for (const st of jobs) {
    const e = adopt(s, st);
    if (e === null) continue;
    n++;
    s.metrics.totalPushed++;
    e.q.totalPushed++;
    place(s, e, st.state, now);
    if (s.hasListeners) s.emit({ type: "pushed", queue: e.q.name, jobId: e.id, timestamp: now, data: e.data });
    if (e.state === S_WAITING) wake(s, e.q);
  }
  return n;
}
