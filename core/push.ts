/**
 * PUSH: validate a job input, apply idempotency (custom id), dedup (unique_key)
 * and debounce, build the job and put it in its initial state.
 */
import type { BackoffOption, JobInput } from "./types.ts";
import type { QueueState } from "./queue-state.ts";
import type { Shard } from "./shard.ts";
import {
  EMPTY_NUMBERS,
  EMPTY_STRINGS,
  JobEntry,
  JobExtra,
  NO_EXTRA,
  S_COMPLETED,
  S_REMOVED,
  S_WAITING,
  S_WAITING_CHILDREN,
  S_WAITING_PARENT,
  ext,
  setRunRel,
} from "./job-entry.ts";
import { DuplicateJobError, ValidationError } from "./errors.ts";
import {
  validateFiniteNumber,
  validateJobDataSize,
  validateJobId,
  validateNonNegative,
} from "./validation.ts";
import { makeReady, makeDelayed } from "./transitions.ts";
import { expireIfDue, wake } from "./pulling.ts";

export { EMPTY_NUMBERS, EMPTY_STRINGS };

/** Extra, engine-internal knobs of an insert. */
export interface InsertExtras {
  /** Data size measured by the transport (skips measuring). */
  dataBytes?: number;
  /** Flow parent of this job. */
  parentId?: number;
  /** Start as a flow parent waiting for these children. */
  waitParent?: boolean;
  /** Do not serve blocked pulls now (the caller wakes the queue once after a batch). */
  noWake?: boolean;
  /** The clock reading of the whole batch (one `clock.now()` per PUSHB, not per job). */
  now?: number;
}

function backoffMs(b: BackoffOption | undefined): number {
  if (b === undefined || b === null) return 0;
  if (typeof b === "number") {
    validateNonNegative(b, "backoff");
    return b;
  }
  if (typeof b !== "object" || (b.type !== "exponential" && b.type !== "fixed")) {
    throw new ValidationError("backoff must be a number or {type: 'exponential'|'fixed', delay}", "backoff");
  }
  validateNonNegative(b.delay, "backoff.delay");
  return b.delay;
}

function backoffKind(b: BackoffOption | undefined): "exponential" | "fixed" {
  return b !== undefined && b !== null && typeof b === "object" && b.type === "fixed" ? "fixed" : "exponential";
}

function opt(v: number | undefined, field: string): number {
  if (v === undefined || v === null) return 0;
  validateNonNegative(v, field);
  return v;
}

function optString(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" || v.length === 0) throw new ValidationError(`${field} must be a non-empty string`, field);
  return v;
}

function idList(v: unknown, field: string): number[] {
  if (v === undefined || v === null) return EMPTY_NUMBERS;
  if (!Array.isArray(v)) throw new ValidationError(`${field} must be an array of job ids`, field);
  if (v.length === 0) return EMPTY_NUMBERS;
  for (const id of v) validateJobId(id, field);
  return v.slice() as number[];
}

function tagList(v: unknown): string[] {
  if (v === undefined || v === null) return EMPTY_STRINGS;
  if (!Array.isArray(v)) throw new ValidationError("tags must be an array of strings", "tags");
  if (v.length === 0) return EMPTY_STRINGS;
  for (const t of v) if (typeof t !== "string") throw new ValidationError("tags must be an array of strings", "tags");
  return v.slice() as string[];
}

/**
 * Insert one job into `q` (name already validated). Returns the entry (for a live
 * custom id: the existing one). Throws typed errors on bad input.
 */
export function insertJob(s: Shard, q: QueueState, input: JobInput, extras: InsertExtras | undefined): JobEntry {
  if (input === null || typeof input !== "object") throw new ValidationError("job must be an object", "job");
  const customId = optString(input.job_id, "job_id");
  if (customId !== null) {
    const existing = s.customIds.get(customId);
    if (existing !== undefined && existing.state !== S_REMOVED) return existing;
  }
  const data = input.data === undefined ? null : input.data;
  validateJobDataSize(data, extras?.dataBytes);
  let priority = 0;
  if (input.priority !== undefined && input.priority !== null) {
    validateFiniteNumber(input.priority, "priority");
    priority = input.priority;
  }
  const delay = opt(input.delay, "delay");
  const maxAttempts = opt(input.max_attempts, "max_attempts");
  const backoff = backoffMs(input.backoff);
  const backoffType = backoffKind(input.backoff);
  const timeout = opt(input.timeout, "timeout");
  const ttl = opt(input.ttl, "ttl");
  const stall = opt(input.stall_timeout, "stall_timeout");
  const keepAge = opt(input.keep_completed_age, "keep_completed_age");
  const keepCount = opt(input.keep_completed_count, "keep_completed_count");
  const uniqueKey = optString(input.unique_key, "unique_key");
  const groupId = optString(input.group_id, "group_id");
  const dependsOn = idList(input.depends_on, "depends_on");
  const tags = tagList(input.tags);
  const now = extras?.now ?? s.clock.now();

  if (uniqueKey !== null && q.uniqueKeys !== null) {
    const holder = q.uniqueKeys.get(uniqueKey);
    if (holder !== undefined) {
      throw new DuplicateJobError(`Duplicate job with key: ${uniqueKey} (job ${holder.id})`, holder.id);
    }
  }
  const debounceId = optString(input.debounce_id, "debounce_id");
  if (debounceId !== null) {
    const ttlDeb = input.debounce_ttl === undefined || input.debounce_ttl === null
      ? s.tuning.defaultDebounceTtlMs
      : opt(input.debounce_ttl, "debounce_ttl");
    let m = q.debounce;
    if (m === null) m = q.debounce = new Map();
    const until = m.get(debounceId);
    if (until !== undefined && until > now) {
      throw new DuplicateJobError(`Debounced: job with id '${debounceId}' was pushed recently`, undefined, "DEBOUNCED");
    }
    if (m.size > 1024) for (const [k, t] of m) if (t <= now) m.delete(k);
    m.set(debounceId, now + ttlDeb);
  }

  const id = s.ids.next();
  const lifo = input.lifo === true;
  const removeOnComplete = input.remove_on_complete === true;
  const removeOnFail = input.remove_on_fail === true;
  const parentId = extras?.parentId ?? null;
  // Only jobs with a non-default option get a JobExtra (plain jobs stay one small object).
  let x: JobExtra | null = null;
  if (
    maxAttempts !== 0 || backoff !== 0 || backoffType !== "exponential" || ttl !== 0 || timeout !== 0 ||
    uniqueKey !== null || dependsOn.length !== 0 || tags.length !== 0 || lifo || removeOnComplete || removeOnFail ||
    stall > 0 || parentId !== null || customId !== null || keepAge !== 0 || keepCount !== 0 || groupId !== null
  ) {
    x = new JobExtra();
    x.maxAttempts = maxAttempts;
    x.backoff = backoff;
    x.backoffType = backoffType;
    x.ttl = ttl;
    x.timeout = timeout;
    x.uniqueKey = uniqueKey;
    x.dependsOn = dependsOn;
    x.tags = tags;
    x.lifo = lifo;
    x.removeOnComplete = removeOnComplete;
    x.removeOnFail = removeOnFail;
    x.stallTimeout = stall;
    x.parentId = parentId;
    x.customId = customId;
    x.keepAge = keepAge;
    x.keepCount = keepCount;
    x.groupId = groupId;
  }
  const tNow = now - s.epoch;
  const e = new JobEntry(id, q, S_REMOVED, data, priority, tNow, x);
  if (delay !== 0) setRunRel(e, tNow + delay);
  s.jobs.set(id, e);
  if (customId !== null) s.customIds.set(customId, e);
  if (uniqueKey !== null) {
    if (q.uniqueKeys === null) q.uniqueKeys = new Map();
    q.uniqueKeys.set(uniqueKey, e);
  }
  s.metrics.totalPushed++;
  q.totalPushed++;
  placeNew(s, e, now, extras?.waitParent === true);
  if (ttl > 0) ext(e).timer = s.scheduler.at(now + ttl, () => expireIfDue(s, e));
  s.recordInsert(e);
  if (s.hasListeners) s.emit({ type: "pushed", queue: q.name, jobId: id, timestamp: now, data });
  if (e.state === S_WAITING && q.waiters.length > 0 && extras?.noWake !== true) wake(s, q);
  return e;
}

/** Initial state of a new job: waiting-parent, waiting-children, delayed or waiting. */
function placeNew(s: Shard, e: JobEntry, now: number, waitParent: boolean): void {
  if (waitParent) {
    e.state = S_WAITING_PARENT;
    e.q.counts[S_WAITING_PARENT]++;
    return;
  }
  let blocking = 0;
  const deps = (e.x ?? NO_EXTRA).dependsOn;
  for (let i = 0; i < deps.length; i++) {
    const d = s.jobs.get(deps[i]);
    if (d === undefined || d.state === S_COMPLETED || d.state === S_REMOVED) continue;
    blocking++;
    const dx = ext(d);
    if (dx.dependents === null) dx.dependents = [];
    dx.dependents.push(e);
  }
  if (blocking > 0) {
    ext(e).blocking = blocking;
    e.state = S_WAITING_CHILDREN;
    e.q.counts[S_WAITING_CHILDREN]++;
    return;
  }
  const runAt = e.tRun + s.epoch;
  if (runAt > now) makeDelayed(s, e, runAt);
  else makeReady(s, e);
}
