/** Read-only job queries (GETJOB, GETSTATE, GETJOBS, counts, …). */
import type { Job, JobCounts, JobListOptions, JobLogEntry, JobState, JobWithState } from "./types.ts";
import type { Shard } from "./shard.ts";
import { NO_EXTRA, resultOf, STATE_NAMES, stateCode, S_ACTIVE, S_COMPLETED, S_DELAYED, S_FAILED, S_WAITING, S_WAITING_CHILDREN, S_WAITING_PARENT, type JobEntry } from "./job-entry.ts";
import { JobNotFoundError, ValidationError } from "./errors.ts";
import { wireJob } from "./job-shape.ts";
import { MAX_BATCH_SIZE, validateBatchSize, validateQueueName } from "./validation.ts";

/** Default and max page size of GETJOBS. */
export const DEFAULT_LIST_LIMIT = 100;

function withState(s: Shard, e: JobEntry): JobWithState {
  return { job: wireJob(s, e), state: STATE_NAMES[e.state] };
}

/** The known entry `id`, else JobNotFoundError. */
export function entryOf(s: Shard, id: number): JobEntry {
  const e = s.jobs.get(id);
  if (e === undefined) throw new JobNotFoundError(id);
  return e;
}

/** GETJOB: the job with its state, or null when unknown. */
export function getJob(s: Shard, id: number): JobWithState | null {
  const e = s.jobs.get(id);
  return e === undefined ? null : withState(s, e);
}

/** GETSTATE: the state, `unknown` for unknown ids. */
export function getState(s: Shard, id: number): JobState {
  const e = s.jobs.get(id);
  return e === undefined ? "unknown" : STATE_NAMES[e.state];
}

/** GETRESULT: the ack result of a retained completed job, else null. */
export function getResult(s: Shard, id: number): unknown {
  const e = s.jobs.get(id);
  if (e === undefined || e.state !== S_COMPLETED) return null;
  return resultOf(e) ?? null;
}

/** GETJOBBYCUSTOMID. */
export function getJobByCustomId(s: Shard, customId: string): JobWithState | null {
  const e = s.customIds.get(customId);
  return e === undefined ? null : withState(s, e);
}

/** GETJOBS: filter by queue/state/tags (all tags must match), newest id first, paginated. */
export function getJobs(s: Shard, o: JobListOptions): { jobs: JobWithState[]; total: number } {
  const opts = o ?? {};
  let code = -1;
  if (opts.state !== undefined && opts.state !== null) {
    code = stateCode(opts.state);
    if (code < 0) throw new ValidationError(`Unknown state: ${opts.state}`, "state");
  }
  if (opts.queue !== undefined && opts.queue !== null) validateQueueName(opts.queue);
  const limit = opts.limit ?? DEFAULT_LIST_LIMIT;
  const offset = opts.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_BATCH_SIZE) {
    throw new ValidationError(`limit must be an integer between 0 and ${MAX_BATCH_SIZE}`, "limit");
  }
  if (!Number.isInteger(offset) || offset < 0) throw new ValidationError("offset must be a non-negative integer", "offset");
  const tags = opts.tags && opts.tags.length > 0 ? opts.tags : null;
  const matched: JobEntry[] = [];
  const source = opts.queue ? entriesOfQueue(s, opts.queue) : s.jobs.values();
  for (const e of source) {
    if (code >= 0 && e.state !== code) continue;
    if (tags !== null && !tags.every((t) => (e.x ?? NO_EXTRA).tags.includes(t))) continue;
    matched.push(e);
  }
  // The job table (IdTable) iterates in ascending id order: newest first is a reversal.
  matched.reverse();
  return { jobs: matched.slice(offset, offset + limit).map((e) => withState(s, e)), total: matched.length };
}

function* entriesOfQueue(s: Shard, queue: string): Iterable<JobEntry> {
  for (const e of s.jobs.values()) if (e.q.name === queue) yield e;
}

/** GETJOBSBATCH: known ids only, in request order. */
export function getJobsBatch(s: Shard, ids: number[]): JobWithState[] {
  if (!Array.isArray(ids)) throw new ValidationError("ids must be an array", "ids");
  validateBatchSize(ids.length, "ids");
  const out: JobWithState[] = [];
  for (const id of ids) {
    const e = s.jobs.get(id);
    if (e !== undefined) out.push(withState(s, e));
  }
  return out;
}

/** GETJOBCOUNTS of a queue. */
export function getJobCounts(s: Shard, queue: string): JobCounts {
  validateQueueName(queue);
  const c = s.queues.get(queue)?.counts ?? [0, 0, 0, 0, 0, 0, 0];
  return {
    waiting: c[S_WAITING],
    active: c[S_ACTIVE],
    delayed: c[S_DELAYED],
    completed: c[S_COMPLETED],
    failed: c[S_FAILED],
    "waiting-children": c[S_WAITING_CHILDREN],
    "waiting-parent": c[S_WAITING_PARENT],
  };
}

/** COUNT: waiting + delayed of a queue. */
export function count(s: Shard, queue: string): number {
  validateQueueName(queue);
  const q = s.queues.get(queue);
  return q === undefined ? 0 : q.counts[S_WAITING] + q.counts[S_DELAYED];
}

/** GETPROGRESS of any known job. */
export function getProgress(s: Shard, id: number): { id: number; progress: number; message: string | null } {
  const e = entryOf(s, id);
  const x = e.x ?? NO_EXTRA;
  return { id, progress: x.progress, message: x.progressMsg };
}

/** GETLOGS of a known job (oldest first). */
export function getLogs(s: Shard, id: number): JobLogEntry[] {
  const e = entryOf(s, id);
  const logs = e.x === null ? null : e.x.logs;
  return logs === null ? [] : logs.slice();
}

/** GETCHILDREN of a flow parent. */
export function getChildren(s: Shard, parentId: number): { children: Job[]; children_ids: number[]; completed: number; total: number } {
  const p = s.jobs.get(parentId);
  if (p === undefined) throw new JobNotFoundError(parentId, `Parent job not found: ${parentId}`);
  const px = p.x ?? NO_EXTRA;
  const ids = px.childrenIds;
  const children: Job[] = [];
  for (const id of ids) {
    const c = s.jobs.get(id);
    if (c !== undefined) children.push(wireJob(s, c));
  }
  return { children, children_ids: ids.slice(), completed: px.childrenCompleted, total: ids.length };
}
