/**
 * Shared data types of the engine, the wire protocol and the SDK.
 *
 * Terminology
 * - **queue**: a named stream of jobs; name matches `[A-Za-z0-9_.-]{1,256}`.
 * - **job**: one unit of work with a numeric `id` (global, never reused) and JSON `data`.
 * - **state**: where a job is in its life (see {@link JobState}). Every change of
 *   state is one engine transition; illegal transitions raise `InvalidStateError`.
 * - **waiting**: ready to be pulled. **delayed**: `run_at` is in the future.
 * - **active**: pulled by a worker and not yet acked/failed (a *lease*).
 * - **completed**: acked; kept (with its result) until retention removes it.
 * - **failed**: in the dead-letter queue (DLQ) after its attempts ran out.
 * - **waiting-children**: a job whose `depends_on` jobs have not all completed.
 * - **waiting-parent**: a flow parent whose children have not all completed.
 * - **shard**: one engine instance; it owns many queues.
 * - **change**: a transition-named record that durable storage persists.
 *
 * Field names follow the flashQ wire protocol (snake_case), see PROTOCOL.md §7.
 * Times are Unix epoch milliseconds; durations are milliseconds.
 */

/** Every state a job can be in; `unknown` is reported for ids the engine does not know. */
export type JobState =
  | "waiting"
  | "delayed"
  | "active"
  | "completed"
  | "failed"
  | "waiting-children"
  | "waiting-parent"
  | "unknown";

/** Backoff between retries: a base delay in ms (exponential), or an explicit policy. */
export type BackoffOption = number | { type: "exponential" | "fixed"; delay: number };

/** A job as the wire protocol and the SDK see it (PROTOCOL.md §7.1). */
export interface Job<T = unknown> {
  id: number;
  queue: string;
  data: T;
  priority: number;
  created_at: number;
  run_at: number;
  started_at: number;
  attempts: number;
  max_attempts: number;
  backoff: number;
  /** `exponential` (backoff·2^attempts, default) or `fixed` (backoff every time). */
  backoff_type: "exponential" | "fixed";
  ttl: number;
  timeout: number;
  unique_key: string | null;
  depends_on: number[];
  progress: number;
  progress_msg: string | null;
  tags: string[];
  lifo: boolean;
  remove_on_complete: boolean;
  remove_on_fail: boolean;
  last_heartbeat: number;
  stall_timeout: number;
  stall_count: number;
  parent_id: number | null;
  children_ids: number[];
  children_completed: number;
  custom_id: string | null;
  keep_completed_age: number;
  keep_completed_count: number;
  completed_at: number;
  group_id: string | null;
}

/** A job together with its state, as GETJOB returns it. */
export interface JobWithState<T = unknown> {
  job: Job<T>;
  state: JobState;
}

/**
 * Options accepted by PUSH (and each item of PUSHB). Both the wire's snake_case
 * names and the SDK's aliases (`jobId`, `keepCompletedAge`, `keepCompletedCount`)
 * are accepted; the schemas in `core/schemas.ts` normalise them.
 */
export interface PushOptions {
  priority?: number;
  delay?: number;
  max_attempts?: number;
  backoff?: BackoffOption;
  timeout?: number;
  ttl?: number;
  unique_key?: string;
  /** Custom id (idempotency key); a push with a live custom id returns that job's id. */
  job_id?: string;
  depends_on?: number[];
  tags?: string[];
  lifo?: boolean;
  remove_on_complete?: boolean;
  remove_on_fail?: boolean;
  stall_timeout?: number;
  debounce_id?: string;
  debounce_ttl?: number;
  keep_completed_age?: number;
  keep_completed_count?: number;
  group_id?: string;
}

/** One job to push: its data plus options. */
export interface JobInput<T = unknown> extends PushOptions {
  data: T;
}

/** Outcome of one item of a batch push: an id, or the error that rejected it. */
export type BatchItemResult =
  | { ok: true; id: number }
  /** `jobId`: the job already holding the item's unique_key (DUPLICATE_JOB), as a single push names it. */
  | { ok: false; error: string; code: string; jobId?: number };

/** One entry of a job's log. */
export interface JobLogEntry {
  timestamp: number;
  message: string;
  level: "info" | "warn" | "error";
}

/** A queue as LISTQUEUES reports it. */
export interface QueueInfo {
  name: string;
  pending: number;
  processing: number;
  completed: number;
  delayed: number;
  dlq: number;
  paused: boolean;
  rate_limit: number | null;
  concurrency_limit: number | null;
}

/** Counts per state of one queue (GETJOBCOUNTS). */
export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  "waiting-children": number;
  "waiting-parent": number;
}

/** Global counts (STATS). */
export interface QueueStats {
  queued: number;
  processing: number;
  delayed: number;
  dlq: number;
  completed: number;
}

/** Per-queue figures inside {@link Metrics}. */
export interface QueueMetrics {
  name: string;
  pending: number;
  processing: number;
  dlq: number;
  rate_limit: number | null;
}

/** Totals and rates (METRICS). */
export interface Metrics {
  total_pushed: number;
  total_completed: number;
  total_failed: number;
  jobs_per_second: number;
  avg_latency_ms: number;
  queues: QueueMetrics[];
}

/** A cron schedule as CRONLIST reports it. */
export interface CronJob {
  name: string;
  queue: string;
  data: unknown;
  schedule: string | null;
  repeat_every: number | null;
  priority: number;
  next_run: number;
  executions: number;
  limit: number | null;
}

/** What CRON accepts: either `schedule` (5 or 6 fields, seconds first) or `repeat_every`. */
export interface CronOptions {
  queue: string;
  data: unknown;
  schedule?: string;
  repeat_every?: number;
  priority?: number;
  limit?: number;
}

/** One child of a flow. */
export interface FlowChild {
  queue: string;
  data: unknown;
  priority?: number;
  delay?: number;
}

/** What FLOW returns. */
export interface FlowResult {
  parent_id: number;
  children_ids: number[];
}

/** States CLEAN accepts. */
export type CleanState = "waiting" | "delayed" | "completed" | "failed";

/** Filters of GETJOBS. */
export interface JobListOptions {
  queue?: string;
  state?: JobState;
  tags?: string[];
  limit?: number;
  offset?: number;
}

/**
 * Events the engine emits, a union discriminated on `type`. Servers map them to the
 * wire's `{event_type, queue, job_id, timestamp, data?, error?, progress?}`.
 */
export type EngineEvent =
  | { type: "pushed"; queue: string; jobId: number; timestamp: number; data: unknown }
  | { type: "active"; queue: string; jobId: number; timestamp: number }
  | { type: "completed"; queue: string; jobId: number; timestamp: number; result: unknown }
  | { type: "failed"; queue: string; jobId: number; timestamp: number; error: string }
  | { type: "retried"; queue: string; jobId: number; timestamp: number; error: string; attempts: number }
  | { type: "progress"; queue: string; jobId: number; timestamp: number; progress: number; message: string | null }
  | { type: "timeout"; queue: string; jobId: number; timestamp: number }
  | { type: "stalled"; queue: string; jobId: number; timestamp: number; stallCount: number }
  | { type: "delayed"; queue: string; jobId: number; timestamp: number; runAt: number }
  | { type: "removed"; queue: string; jobId: number; timestamp: number }
  | { type: "expired"; queue: string; jobId: number; timestamp: number }
  | { type: "paused"; queue: string; timestamp: number }
  | { type: "resumed"; queue: string; timestamp: number }
  | { type: "drained"; queue: string; timestamp: number; count: number }
  | { type: "partial"; queue: string; jobId: number; timestamp: number; data: unknown; index?: number };

/** The `type` of an {@link EngineEvent}. */
export type EngineEventType = EngineEvent["type"];
