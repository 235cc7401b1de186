/**
 * Job management: cancel, progress, update, priority, move to delayed, promote,
 * discard, heartbeat, logs, partial results, flows. Illegal transitions throw
 * `InvalidStateError` naming the current state.
 */
import type { FlowChild, FlowResult, JobLogEntry } from "./types.ts";
import type { Shard } from "./shard.ts";
import {
  STATE_NAMES,
  S_ACTIVE,
  S_COMPLETED,
  S_DELAYED,
  S_FAILED,
  S_WAITING,
  clearStarted,
  ext,
  setRunRel,
  type JobEntry,
} from "./job-entry.ts";
import { InvalidStateError, ValidationError } from "./errors.ts";
import { entryOf } from "./queries.ts";
import { appendLog, detach, makeDelayed, makeReady } from "./transitions.ts";
import { toDlq } from "./completion.ts";
import { removeEntry } from "./removal.ts";
import { wake } from "./pulling.ts";
import { insertJob } from "./push.ts";
import { validateFiniteNumber, validateJobDataSize, validateNonNegative, validateQueueName, MAX_BATCH_SIZE } from "./validation.ts";

function illegal(e: JobEntry, what: string): InvalidStateError {
  const st = STATE_NAMES[e.state];
  return new InvalidStateError(e.id, st, `Cannot ${what} job ${e.id}: it is ${st}`);
}

function requireActive(s: Shard, id: number, what: string): JobEntry {
  const e = entryOf(s, id);
  if (e.state !== S_ACTIVE) throw illegal(e, what);
  return e;
}

/** CANCEL: remove a job that has not finished (waiting, delayed, active, waiting on deps/children). */
export function cancel(s: Shard, id: number): void {
  const e = entryOf(s, id);
  if (e.state === S_COMPLETED || e.state === S_FAILED) throw illegal(e, "cancel");
  const now = s.clock.now();
  const q = e.q;
  const wasActive = e.state === S_ACTIVE;
  removeEntry(s, e, now);
  if (s.hasListeners) s.emit({ type: "removed", queue: q.name, jobId: id, timestamp: now });
  if (wasActive) wake(s, q);
}

/** PROGRESS (active jobs): 0..100 plus an optional message; emits `progress`. */
export function progress(s: Shard, id: number, value: number, message?: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new ValidationError(`progress must be a number between 0 and 100, got ${String(value)}`, "progress");
  }
  const e = requireActive(s, id, "report progress of");
  const now = s.clock.now();
  const x = ext(e);
  x.progress = value;
  if (message !== undefined && message !== null) x.progressMsg = message;
  // Progress is an observation, not a state change: not persisted.
  if (s.hasListeners) {
    s.emit({ type: "progress", queue: e.q.name, jobId: id, timestamp: now, progress: value, message: message ?? null });
  }
}

/** UPDATEJOB: replace the data of a job that is not completed. */
export function update(s: Shard, id: number, data: unknown): void {
  const e = entryOf(s, id);
  if (e.state === S_COMPLETED) throw illegal(e, "update");
  validateJobDataSize(data === undefined ? null : data);
  e.data = data === undefined ? null : data;
  s.recordJob(e);
}

/** CHANGEPRIORITY of a job that is not completed; re-orders the waiting heap. */
export function changePriority(s: Shard, id: number, priority: number): void {
  validateFiniteNumber(priority, "priority");
  const e = entryOf(s, id);
  if (e.state === S_COMPLETED) throw illegal(e, "change the priority of");
  e.pri = priority;
  if (e.state === S_WAITING) e.q.waiting.update(e);
  s.recordJob(e);
}

/** MOVETODELAYED (active): back to the queue, runnable after `delayMs`. */
export function moveToDelayed(s: Shard, id: number, delayMs: number): void {
  validateNonNegative(delayMs, "delay");
  const e = requireActive(s, id, "move to delayed");
  const now = s.clock.now();
  detach(s, e);
  clearStarted(e);
  if (e.x !== null) e.x.progress = 0;
  if (delayMs > 0) makeDelayed(s, e, now + delayMs);
  else {
    setRunRel(e, now - s.epoch);
    makeReady(s, e);
  }
  s.recordJob(e);
  if (s.hasListeners) s.emit({ type: "delayed", queue: e.q.name, jobId: id, timestamp: now, runAt: e.tRun + s.epoch });
  wake(s, e.q);
}

/** PROMOTE (delayed): run now. */
export function promote(s: Shard, id: number): void {
  const e = entryOf(s, id);
  if (e.state !== S_DELAYED) throw illegal(e, "promote");
  detach(s, e);
  setRunRel(e, s.clock.now() - s.epoch);
  makeReady(s, e);
  s.recordJob(e);
  wake(s, e.q);
}

/** DISCARD: a job that has not finished goes straight to the DLQ. */
export function discard(s: Shard, id: number): void {
  const e = entryOf(s, id);
  if (e.state === S_COMPLETED || e.state === S_FAILED) throw illegal(e, "discard");
  const wasActive = e.state === S_ACTIVE;
  detach(s, e);
  clearStarted(e);
  toDlq(s, e, "Job discarded", s.clock.now());
  if (wasActive) wake(s, e.q);
}

/** HEARTBEAT (active): the worker is alive; postpones stall detection. */
export function heartbeat(s: Shard, id: number): void {
  const e = requireActive(s, id, "heartbeat");
  ext(e).heartbeat = s.clock.now();
}

/** LOG: append to a known job's log (at most maxLogsPerJob entries kept). */
export function log(s: Shard, id: number, message: string, level: JobLogEntry["level"] = "info"): void {
  if (typeof message !== "string") throw new ValidationError("message must be a string", "message");
  if (level !== "info" && level !== "warn" && level !== "error") {
    throw new ValidationError(`level must be info, warn or error, got ${String(level)}`, "level");
  }
  const e = entryOf(s, id);
  appendLog(s, e, message, level, s.clock.now());
  s.recordJob(e);
}

/** PARTIAL (active): a streaming chunk, emitted as a `partial` event. */
export function partial(s: Shard, id: number, data: unknown, index?: number): void {
  const e = requireActive(s, id, "send a partial result of");
  if (s.hasListeners) {
    const ev: { type: "partial"; queue: string; jobId: number; timestamp: number; data: unknown; index?: number } = {
      type: "partial",
      queue: e.q.name,
      jobId: id,
      timestamp: s.clock.now(),
      data,
    };
    if (index !== undefined) ev.index = index;
    s.emit(ev);
  }
}

/**
 * FLOW: a parent in `queue` that becomes ready once every child (each in its own
 * queue) has completed. Validated as a whole before anything is inserted.
 */
export function pushFlow(s: Shard, queue: string, data: unknown, children: FlowChild[], options?: { priority?: number }): FlowResult {
  validateQueueName(queue);
  if (!Array.isArray(children) || children.length === 0) {
    throw new ValidationError("Flow must have at least one child", "children");
  }
  if (children.length > MAX_BATCH_SIZE) {
    throw new ValidationError(`Flow has too many children: ${children.length} (max ${MAX_BATCH_SIZE})`, "children");
  }
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (c === null || typeof c !== "object") throw new ValidationError(`children[${i}] must be an object`, `children[${i}]`);
    validateQueueName(c.queue, `children[${i}].queue`);
    if (c.delay !== undefined) validateNonNegative(c.delay, `children[${i}].delay`);
    if (c.priority !== undefined) validateFiniteNumber(c.priority, `children[${i}].priority`);
    validateJobDataSize(c.data ?? null, undefined, `children[${i}].data`);
  }
  const parent = insertJob(s, s.queue(queue), { data, priority: options?.priority }, { waitParent: true });
  const ids: number[] = [];
  for (const c of children) {
    const child = insertJob(s, s.queue(c.queue), { data: c.data, priority: c.priority, delay: c.delay }, { parentId: parent.id });
    ids.push(child.id);
  }
  ext(parent).childrenIds = ids;
  s.recordJob(parent);
  return { parent_id: parent.id, children_ids: ids.slice() };
}
