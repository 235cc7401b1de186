/**
 * Conversions between the engine's compact {@link JobEntry} and the wire
 * {@link Job} (PROTOCOL.md §7.1). Wire jobs are built only when a job leaves the
 * engine (pull, queries, DLQ, storage records), so a waiting job costs one entry
 * instead of a 33-field object (issue 7). Field order of the built object is the
 * wire order and part of the shape: keep it.
 */
import type { Job } from "./types.ts";
import type { Shard } from "./shard.ts";
import type { QueueState } from "./queue-state.ts";
import { EMPTY_NUMBERS, EMPTY_STRINGS, JobEntry, NO_EXTRA, S_REMOVED, createdRel, ext, lastHeartbeat, setRunRel } from "./job-entry.ts";

/** The wire job of `e`, a fresh object (callers may keep or mutate it). */
export function wireJob(s: Shard, e: JobEntry): Job {
  const x = e.x ?? NO_EXTRA;
  const epoch = s.epoch;
  return {
    id: e.id,
    queue: e.q.name,
    data: e.data,
    priority: e.pri,
    created_at: createdRel(e) + epoch,
    run_at: e.tRun + epoch,
    started_at: e.startedAt,
    attempts: x.attempts,
    max_attempts: x.maxAttempts,
    backoff: x.backoff,
    backoff_type: x.backoffType,
    ttl: x.ttl,
    timeout: x.timeout,
    unique_key: x.uniqueKey,
    depends_on: x.dependsOn,
    progress: x.progress,
    progress_msg: x.progressMsg,
    tags: x.tags,
    lifo: x.lifo,
    remove_on_complete: x.removeOnComplete,
    remove_on_fail: x.removeOnFail,
    last_heartbeat: lastHeartbeat(e),
    stall_timeout: x.stallTimeout > 0 ? x.stallTimeout : s.tuning.defaultStallTimeoutMs,
    stall_count: x.stallCount,
    parent_id: x.parentId,
    children_ids: x.childrenIds,
    children_completed: x.childrenCompleted,
    custom_id: x.customId,
    keep_completed_age: x.keepAge,
    keep_completed_count: x.keepCount,
    completed_at: e.completedAt,
    group_id: x.groupId,
  };
}

/** The stall timeout in force for `e` (its own, else the engine default). */
export function stallTimeoutOf(s: Shard, e: JobEntry): number {
  const own = e.x === null ? 0 : e.x.stallTimeout;
  return own > 0 ? own : s.tuning.defaultStallTimeoutMs;
}

/**
 * An entry (state "removed", not indexed) rebuilt from a stored wire job in
 * stored state `state`. Its `heapIdx`/`seq` hold started_at/completed_at for
 * `place()` to keep (completed/failed) or reset.
 */
export function entryFromJob(s: Shard, job: Job, q: QueueState, state: string): JobEntry {
  const e = new JobEntry(job.id, q, S_REMOVED, job.data === undefined ? null : job.data, job.priority ?? 0, (job.created_at ?? 0) - s.epoch, null);
  setRunRel(e, (job.run_at ?? 0) - s.epoch);
  const started = job.started_at ?? 0;
  e.heapIdx = started;
  e.seq = job.completed_at ?? 0;
  if (job.attempts) ext(e).attempts = job.attempts;
  const hb = job.last_heartbeat ?? 0;
  if (hb !== 0 && (hb !== started || state !== "completed")) ext(e).heartbeat = hb;
  if (job.max_attempts) ext(e).maxAttempts = job.max_attempts;
  if (job.backoff) ext(e).backoff = job.backoff;
  if (job.backoff_type === "fixed") ext(e).backoffType = "fixed";
  if (job.ttl) ext(e).ttl = job.ttl;
  if (job.timeout) ext(e).timeout = job.timeout;
  if (job.unique_key != null) ext(e).uniqueKey = job.unique_key;
  if (job.depends_on && job.depends_on.length > 0) ext(e).dependsOn = job.depends_on;
  if (job.progress) ext(e).progress = job.progress;
  if (job.progress_msg != null) ext(e).progressMsg = job.progress_msg;
  if (job.tags && job.tags.length > 0) ext(e).tags = job.tags;
  if (job.lifo === true) ext(e).lifo = true;
  if (job.remove_on_complete === true) ext(e).removeOnComplete = true;
  if (job.remove_on_fail === true) ext(e).removeOnFail = true;
  if (job.stall_timeout > 0 && job.stall_timeout !== s.tuning.defaultStallTimeoutMs) ext(e).stallTimeout = job.stall_timeout;
  if (job.stall_count) ext(e).stallCount = job.stall_count;
  if (job.parent_id != null) ext(e).parentId = job.parent_id;
  if (job.children_ids && job.children_ids.length > 0) ext(e).childrenIds = job.children_ids;
  if (job.children_completed) ext(e).childrenCompleted = job.children_completed;
  if (job.custom_id != null) ext(e).customId = job.custom_id;
  if (job.keep_completed_age) ext(e).keepAge = job.keep_completed_age;
  if (job.keep_completed_count) ext(e).keepCount = job.keep_completed_count;
  if (job.group_id != null) ext(e).groupId = job.group_id;
  return e;
}

export { EMPTY_NUMBERS, EMPTY_STRINGS };
