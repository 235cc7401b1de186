/**
 * Queue management: pause/resume, drain, obliterate, clean, DLQ, rate and
 * concurrency limits, listing. Settings changes are persisted as `queue` changes.
 */
import type { CleanState, Job, QueueInfo } from "./types.ts";
import type { QueueState } from "./queue-state.ts";
import type { Shard } from "./shard.ts";
import {
  STATE_NAMES,
  S_ACTIVE,
  S_COMPLETED,
  S_DELAYED,
  S_FAILED,
  S_REMOVED,
  S_WAITING,
  clearStarted,
  createdRel,
  setRunRel,
  type JobEntry,
} from "./job-entry.ts";
import { wireJob } from "./job-shape.ts";
import { ValidationError } from "./errors.ts";
import { validateNonNegative, validateQueueName } from "./validation.ts";
import { detach, makeReady } from "./transitions.ts";
import { removeEntry } from "./removal.ts";
import { wake } from "./pulling.ts";
import { newBucket } from "./decisions/rate-limit.ts";

function recordSettings(s: Shard, q: QueueState): void {
  s.record({
    type: "queue",
    settings: { queue: q.name, paused: q.paused, rate_limit: q.rateLimit, concurrency_limit: q.concurrency },
  });
}

function named(s: Shard, queue: string): QueueState {
  validateQueueName(queue);
  return s.queue(queue);
}

/** PAUSE: pulls wait until RESUME. */
export function pause(s: Shard, queue: string): void {
  const q = named(s, queue);
  if (q.paused) return;
  q.paused = true;
  recordSettings(s, q);
  if (s.hasListeners) s.emit({ type: "paused", queue, timestamp: s.clock.now() });
}

/** RESUME: blocked pulls are served at once. */
export function resume(s: Shard, queue: string): void {
  const q = named(s, queue);
  if (!q.paused) return;
  q.paused = false;
  recordSettings(s, q);
  if (s.hasListeners) s.emit({ type: "resumed", queue, timestamp: s.clock.now() });
  wake(s, q);
}

/** Jobs of `q` in any of `states` (a snapshot array: safe to remove while iterating). */
function jobsOf(s: Shard, q: QueueState, pred: (e: JobEntry) => boolean): JobEntry[] {
  const out: JobEntry[] = [];
  for (const e of s.jobs.values()) if (e.q === q && pred(e)) out.push(e);
  return out;
}

/** DRAIN: remove every waiting and delayed job; returns how many. */
export function drain(s: Shard, queue: string): number {
  const q = named(s, queue);
  const victims = jobsOf(s, q, (e) => e.state === S_WAITING || e.state === S_DELAYED);
  const now = s.clock.now();
  for (const e of victims) removeEntry(s, e, now);
  if (s.hasListeners) s.emit({ type: "drained", queue, timestamp: now, count: victims.length });
  return victims.length;
}

/**
 * OBLITERATE: remove every job of the queue in every state (completed included),
 * its unique keys, debounce ids and settings. Blocked pulls keep waiting.
 */
export function obliterate(s: Shard, queue: string): number {
  validateQueueName(queue);
  const q = s.queues.get(queue);
  if (q === undefined) return 0;
  const victims = jobsOf(s, q, () => true);
  const now = s.clock.now();
  let n = 0;
  for (const e of victims) {
    if (e.state === S_REMOVED) continue;
    removeEntry(s, e, now);
    n++;
  }
  q.paused = false;
  q.rateLimit = null;
  q.bucket = null;
  q.concurrency = null;
  q.debounce = null;
  q.uniqueKeys = null;
  q.groups = null;
  q.completed = [];
  q.completedHead = 0;
  if (q.delayedTimer !== null) q.delayedTimer.cancel();
  q.delayedTimer = null;
  q.delayedTimerAt = Infinity;
  if (q.waiters.length === 0) s.queues.delete(queue);
  s.record({ type: "queueRemoved", queue });
  return n;
}

const CLEAN_STATES: readonly string[] = ["waiting", "delayed", "completed", "failed"];

/**
 * CLEAN: remove jobs of `state` older than `graceMs` (by created_at; by the
 * finish time for completed/failed), oldest first, at most `limit` (0/absent = all).
 */
export function clean(s: Shard, queue: string, graceMs: number, state: CleanState, limit?: number): number {
  const q = named(s, queue);
  validateNonNegative(graceMs, "grace");
  if (!CLEAN_STATES.includes(state)) {
    throw new ValidationError("Invalid state. Use: waiting, delayed, completed, failed", "state");
  }
  if (limit !== undefined && limit !== null) validateNonNegative(limit, "limit");
  const code = STATE_NAMES.indexOf(state);
  const now = s.clock.now();
  const cutoff = now - graceMs;
  const finished = code === S_COMPLETED || code === S_FAILED;
  const ep = s.epoch;
  const victims = jobsOf(s, q, (e) => e.state === code && (finished ? e.completedAt : createdRel(e) + ep) <= cutoff);
  victims.sort((a, b) => (finished ? a.completedAt - b.completedAt : createdRel(a) - createdRel(b)) || a.id - b.id);
  const max = limit ? Math.min(limit, victims.length) : victims.length;
  for (let i = 0; i < max; i++) removeEntry(s, victims[i], now);
  return max;
}

/** LISTQUEUES: queues with jobs or settings. */
export function listQueues(s: Shard): QueueInfo[] {
  const out: QueueInfo[] = [];
  for (const q of s.queues.values()) {
    if (q.isEmpty && !q.hasSettings) continue;
    out.push({
      name: q.name,
      pending: q.counts[S_WAITING],
      processing: q.counts[S_ACTIVE],
      completed: q.counts[S_COMPLETED],
      delayed: q.counts[S_DELAYED],
      dlq: q.counts[S_FAILED],
      paused: q.paused,
      rate_limit: q.rateLimit,
      concurrency_limit: q.concurrency,
    });
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

/** DLQ: up to `count` (default 100) dead-lettered jobs, oldest first. */
export function getDlq(s: Shard, queue: string, count = 100): Job[] {
  validateQueueName(queue);
  validateNonNegative(count, "count");
  const q = s.queues.get(queue);
  const out: Job[] = [];
  if (q === undefined) return out;
  for (const e of q.dlq) {
    if (out.length >= count) break;
    out.push(wireJob(s, e));
  }
  return out;
}

function retryOne(s: Shard, e: JobEntry, now: number): void {
  detach(s, e);
  setRunRel(e, now - s.epoch);
  clearStarted(e);
  const x = e.x;
  if (x !== null) {
    x.attempts = 0;
    x.stallCount = 0;
    x.error = null;
  }
  const key = x === null ? null : x.uniqueKey;
  if (key !== null) {
    if (e.q.uniqueKeys === null) e.q.uniqueKeys = new Map();
    if (!e.q.uniqueKeys.has(key)) e.q.uniqueKeys.set(key, e);
  }
  makeReady(s, e);
  s.recordJob(e);
}

/**
 * RETRYDLQ: every DLQ job of the queue (or only `id`) back to waiting with attempts
 * reset; returns how many moved. An `id` that is not in this queue's DLQ (unknown,
 * another queue, any other state) moves nothing and counts 0, as flashQ answers.
 */
export function retryDlq(s: Shard, queue: string, id?: number): number {
  const q = named(s, queue);
  const now = s.clock.now();
  if (id !== undefined && id !== null) {
    const e = s.jobs.get(id);
    if (e === undefined || e.q !== q || e.state !== S_FAILED) return 0;
    retryOne(s, e, now);
    wake(s, q);
    return 1;
  }
  const all = [...q.dlq];
  for (const e of all) retryOne(s, e, now);
  if (all.length > 0) wake(s, q);
  return all.length;
}

/** PURGEDLQ: remove every DLQ job of the queue. */
export function purgeDlq(s: Shard, queue: string): number {
  const q = named(s, queue);
  const all = [...q.dlq];
  const now = s.clock.now();
  for (const e of all) removeEntry(s, e, now);
  return all.length;
}

/** RATELIMIT / RATELIMITCLEAR: token bucket of `limit` jobs per second (null clears). */
export function setRateLimit(s: Shard, queue: string, limit: number | null): void {
  const q = named(s, queue);
  if (limit !== null && (typeof limit !== "number" || !Number.isFinite(limit) || limit <= 0)) {
    throw new ValidationError(`rate limit must be a positive number of jobs per second, got ${String(limit)}`, "limit");
  }
  q.rateLimit = limit;
  q.bucket = limit === null ? null : newBucket(limit, s.clock.now());
  if (q.rateTimer !== null) {
    q.rateTimer.cancel();
    q.rateTimer = null;
  }
  recordSettings(s, q);
  wake(s, q);
}

/** SETCONCURRENCY / CLEARCONCURRENCY: max active jobs of the queue (null clears). */
export function setConcurrency(s: Shard, queue: string, limit: number | null): void {
  const q = named(s, queue);
  if (limit !== null && (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1)) {
    throw new ValidationError(`concurrency limit must be a positive integer, got ${String(limit)}`, "limit");
  }
  q.concurrency = limit;
  recordSettings(s, q);
  wake(s, q);
}
