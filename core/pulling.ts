/**
 * Taking ready jobs out of a queue (PULL) and serving blocked pulls. Honours
 * pause, the concurrency limit, the rate limit (token bucket) and TTL expiry.
 */
import type { Job } from "./types.ts";
import type { QueueState, PullWaiter } from "./queue-state.ts";
import type { Shard } from "./shard.ts";
import { S_ACTIVE, S_DELAYED, S_WAITING, S_WAITING_CHILDREN, createdRel, type JobEntry } from "./job-entry.ts";
import { wireJob } from "./job-shape.ts";
import { activate, promoteDue } from "./transitions.ts";
import { removeEntry } from "./removal.ts";
import { msUntilToken, returnTokens, takeTokens } from "./decisions/rate-limit.ts";

/** Up to `count` ready jobs of `q`, activated; [] if none may be taken now. */
export function takeJobs(s: Shard, q: QueueState, count: number, now: number): Job[] {
  if (q.paused) return [];
  const top = q.delayed.peek();
  if (top !== undefined && top.tRun + s.epoch <= now) promoteDue(s, q, now);
  if (q.counts[S_WAITING] === 0) return [];
  let limit = count;
  if (q.concurrency !== null) {
    const free = q.concurrency - q.counts[S_ACTIVE];
    if (free <= 0) return [];
    if (free < limit) limit = free;
  }
  let granted = limit;
  const rate = q.rateLimit;
  if (rate !== null && q.bucket !== null) {
    granted = takeTokens(q.bucket, rate, Math.min(limit, q.waiting.size), now);
    if (granted <= 0) return [];
  }
  const out: Job[] = [];
  const heap = q.waiting;
  while (out.length < granted) {
    const e = heap.pop();
    if (e === undefined) break;
    const x = e.x;
    if (x !== null && x.ttl > 0 && now >= createdRel(e) + s.epoch + x.ttl) {
      expire(s, e, now);
      continue;
    }
    activate(s, e, now);
    out.push(wireJob(s, e));
    if (s.hasListeners) s.emit({ type: "active", queue: q.name, jobId: e.id, timestamp: now });
  }
  if (rate !== null && q.bucket !== null && out.length < granted) returnTokens(q.bucket, rate, granted - out.length);
  return out;
}

/**
 * TTL ran out before the job started: remove it and emit `expired`. Works for a
 * job just popped from the heap too (detach tolerates it, and frees its group slot).
 */
export function expire(s: Shard, e: JobEntry, now: number): void {
  removeEntry(s, e, now);
  if (s.hasListeners) s.emit({ type: "expired", queue: e.q.name, jobId: e.id, timestamp: now });
}

/** Scheduled TTL check of a job that has not started (waiting, delayed, waiting on dependencies). */
export function expireIfDue(s: Shard, e: JobEntry): void {
  if (e.x !== null) e.x.timer = null;
  if (e.state !== S_WAITING && e.state !== S_DELAYED && e.state !== S_WAITING_CHILDREN) return;
  const now = s.clock.now();
  if (e.x === null || now < createdRel(e) + s.epoch + e.x.ttl) return;
  expire(s, e, now);
}

/** Serve blocked pulls of `q` while jobs can be taken. */
export function wake(s: Shard, q: QueueState): void {
  const ws = q.waiters;
  if (ws.length === 0) return;
  const now = s.clock.now();
  let i = 0;
  for (; i < ws.length; i++) {
    const w = ws[i];
    if (w.done) continue;
    const jobs = takeJobs(s, q, w.count, now);
    if (jobs.length === 0) break;
    w.done = true;
    if (w.timer !== null) w.timer.cancel();
    w.resolve(jobs);
  }
  if (i > 0) ws.splice(0, i);
  if (ws.length > 0 && !q.paused && q.counts[S_WAITING] > 0) armRateWake(s, q, now);
}

/** When the rate limit is what blocks waiters, wake them when a token is back. */
function armRateWake(s: Shard, q: QueueState, now: number): void {
  if (q.rateLimit === null || q.bucket === null || q.rateTimer !== null) return;
  if (q.concurrency !== null && q.counts[S_ACTIVE] >= q.concurrency) return;
  const ms = Math.max(1, msUntilToken(q.bucket, q.rateLimit, now));
  q.rateTimer = s.scheduler.at(now + ms, () => {
    q.rateTimer = null;
    wake(s, q);
  });
}

/** Register a blocked pull; it resolves with jobs, or [] at `deadline`. */
export function addWaiter(s: Shard, q: QueueState, w: PullWaiter, timeoutMs: number): void {
  q.waiters.push(w);
  w.timer = s.scheduler.at(s.clock.now() + timeoutMs, () => {
    w.timer = null;
    if (w.done) return;
    w.done = true;
    const i = q.waiters.indexOf(w);
    if (i >= 0) q.waiters.splice(i, 1);
    w.resolve([]);
  });
  if (q.counts[S_WAITING] > 0) armRateWake(s, q, s.clock.now());
}

/** Resolve every blocked pull (of one owner, or all) with []. */
export function releaseWaiters(s: Shard, owner: string | undefined): void {
  for (const q of s.queues.values()) {
    if (q.waiters.length === 0) continue;
    const keep: PullWaiter[] = [];
    for (const w of q.waiters) {
      if (w.done) continue;
      if (owner === undefined || w.owner === owner) {
        w.done = true;
        if (w.timer !== null) w.timer.cancel();
        w.resolve([]);
      } else keep.push(w);
    }
    q.waiters = keep;
  }
}
