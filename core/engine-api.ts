/**
 * The engine's public surface: what servers (TCP, HTTP), the shard router and tests
 * call. One engine instance is one shard owning many queues.
 *
 * Conventions
 * - Methods are synchronous unless they may wait (blocking pull, wait for completion,
 *   commit). Bad input and illegal transitions throw typed errors from `errors.ts`.
 * - Commit before reply: a state-changing call records its changes in the current
 *   batch; `settled()` resolves once every change made so far is durable (group
 *   commit). Servers `await engine.settled()` before answering when storage is
 *   durable. With memory storage `settled()` is an already-resolved promise.
 * - Jobs returned are the engine's own records: callers must not mutate them.
 */
import type {
  BatchItemResult,
  CleanState,
  CronJob,
  CronOptions,
  EngineEvent,
  FlowChild,
  FlowResult,
  Job,
  JobCounts,
  JobInput,
  JobListOptions,
  JobLogEntry,
  JobState,
  JobWithState,
  Metrics,
  QueueInfo,
  QueueStats,
} from "./types.ts";

/** A rejected PUSHB item: its index in the batch and the error (`jobId`: see {@link BatchItemResult}). */
export interface BatchItemError {
  index: number;
  error: string;
  code: string;
  jobId?: number;
}

/** PUSHB outcome in reply form: ids of the accepted items in batch order; `errors` only when some failed. */
export interface BatchPushOutcome {
  ids: number[];
  errors?: BatchItemError[];
}

/** Options of a (blocking) pull. */
export interface PullOptions {
  /** Max jobs to return (1..1000). */
  count: number;
  /** How long to wait for a first job, ms; 0 = do not wait. */
  timeoutMs: number;
  /** Who pulls (connection/worker id); `releaseOwner` cancels its waiting pulls. */
  owner?: string;
}

/** The engine, as adapters see it. */
export interface EngineApi {
  // ---- lifecycle -------------------------------------------------------------
  /** Load from storage and arm timers. Must be awaited before use. */
  start(): Promise<void>;
  /** Disarm timers, wake waiters with empty results, flush pending changes. */
  stop(): Promise<void>;
  /** Resolves when all changes made so far are committed (group commit). */
  settled(): Promise<void>;
  /** Listen to events; returns an unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void;

  // ---- core --------------------------------------------------------------------
  /**
   * PUSH. Returns the job (or, for a live custom id, the existing job).
   * `dataBytes` (optional): the payload size the transport already measured; the
   * engine then skips measuring `data` itself for the 10 MB limit.
   */
  push(queue: string, input: JobInput, dataBytes?: number): Job;
  /** PUSHB: ≤ 1000 jobs; per-item results, never all-or-nothing. */
  pushBatch(queue: string, inputs: JobInput[]): BatchItemResult[];
  /** PUSHB in reply form: the same inserts as {@link pushBatch}, without an object per item. */
  pushBatchIds(queue: string, inputs: JobInput[]): BatchPushOutcome;
  /** PULL/PULLB: resolves with 1..count jobs, or [] on timeout. */
  pull(queue: string, options: PullOptions): Promise<Job[]>;
  /**
   * PULL/PULLB with a callback instead of a promise: `deliver` runs once, synchronously —
   * before this returns when jobs are ready (or it need not wait), else inside the push
   * that makes jobs ready, or with [] at the timeout or on release. A transport can so
   * send a woken worker its jobs before it answers the push that woke it.
   */
  pullWith(queue: string, options: PullOptions, deliver: (jobs: Job[]) => void): void;
  /** Non-blocking pull: up to `count` ready jobs right now. */
  tryPull(queue: string, count: number, owner?: string): Job[];
  /** Cancel the waiting pulls of an owner (connection closed). */
  releaseOwner(owner: string): void;
  /** ACK of an active job. */
  ack(id: number, result?: unknown): void;
  /** ACKB: acks the active ones among `ids`, returns how many. `results` aligned with ids, optional. */
  ackBatch(ids: number[], results?: unknown[]): number;
  /** FAIL of an active job: retry with backoff, or DLQ after max attempts. */
  fail(id: number, error?: string): void;

  // ---- queries -------------------------------------------------------------------
  getJob(id: number): JobWithState | null;
  getState(id: number): JobState;
  getResult(id: number): unknown;
  getJobByCustomId(customId: string): JobWithState | null;
  getJobs(options: JobListOptions): { jobs: JobWithState[]; total: number };
  getJobsBatch(ids: number[]): JobWithState[];
  getJobCounts(queue: string): JobCounts;
  /** waiting + delayed of a queue. */
  count(queue: string): number;
  getProgress(id: number): { id: number; progress: number; message: string | null };
  getLogs(id: number): JobLogEntry[];
  getChildren(parentId: number): { children: Job[]; children_ids: number[]; completed: number; total: number };
  /** WAITJOB: resolves with the result when completed; rejects (JOB_FAILED / WAIT_TIMEOUT / JOB_NOT_FOUND). */
  finished(id: number, timeoutMs: number): Promise<unknown>;

  // ---- job management --------------------------------------------------------------
  cancel(id: number): void;
  progress(id: number, progress: number, message?: string): void;
  update(id: number, data: unknown): void;
  changePriority(id: number, priority: number): void;
  moveToDelayed(id: number, delayMs: number): void;
  promote(id: number): void;
  discard(id: number): void;
  heartbeat(id: number): void;
  log(id: number, message: string, level?: JobLogEntry["level"]): void;
  /** PARTIAL: a streaming chunk from an active job, emitted as a `partial` event. */
  partial(id: number, data: unknown, index?: number): void;
  pushFlow(queue: string, data: unknown, children: FlowChild[], options?: { priority?: number }): FlowResult;

  // ---- queue management ----------------------------------------------------------------
  pause(queue: string): void;
  resume(queue: string): void;
  isPaused(queue: string): boolean;
  drain(queue: string): number;
  obliterate(queue: string): number;
  clean(queue: string, graceMs: number, state: CleanState, limit?: number): number;
  listQueues(): QueueInfo[];
  getDlq(queue: string, count?: number): Job[];
  /** Retry all DLQ jobs of a queue, or one; returns how many. */
  retryDlq(queue: string, id?: number): number;
  purgeDlq(queue: string): number;
  setRateLimit(queue: string, jobsPerSecond: number): void;
  clearRateLimit(queue: string): void;
  setConcurrency(queue: string, limit: number): void;
  clearConcurrency(queue: string): void;

  // ---- cron ------------------------------------------------------------------------------
  addCron(name: string, options: CronOptions): void;
  /** Returns false when no such cron exists. */
  deleteCron(name: string): boolean;
  listCrons(): CronJob[];

  // ---- stats -----------------------------------------------------------------------------
  stats(): QueueStats;
  metrics(): Metrics;
}
