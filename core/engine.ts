/**
 * The engine: one shard owning many queues, implementing {@link EngineApi}.
 * State lives in {@link Shard}; transitions in `transitions.ts`; this class
 * validates input, routes each call and keeps the public contract.
 */
import type { BatchItemError, BatchPushOutcome, EngineApi, PullOptions } from "./engine-api.ts";
import type { Clock, IdSource, Storage } from "./ports.ts";
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
import { FlashQError, InvalidStateError, JobNotFoundError, ValidationError } from "./errors.ts";
import { DEFAULT_TUNING, Shard, type EngineTuning } from "./shard.ts";
import { CounterIds } from "./ids.ts";
import { MemoryStorage } from "./memory-storage.ts";
import { STATE_NAMES, S_ACTIVE, S_COMPLETED, S_FAILED, resultOf, type JobEntry } from "./job-entry.ts";
import { MAX_BATCH_SIZE, validateBatchSize, validateJobId, validateNonNegative, validateQueueName } from "./validation.ts";
import { insertJob, type InsertExtras } from "./push.ts";
import { wireJob } from "./job-shape.ts";
import { complete, failEntry, jobFailedError } from "./completion.ts";
import { addWaiter, releaseWaiters, takeJobs, wake } from "./pulling.ts";
import * as queries from "./queries.ts";
import * as jobAdmin from "./job-admin.ts";
import * as queueAdmin from "./queue-admin.ts";
import { CronRunner } from "./cron.ts";
import { restoreSnapshot, takeExternalJobs } from "./restore.ts";
import { buildMetrics, buildStats } from "./metrics.ts";

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Time source (tests: ManualClock; adapters: the runtime clock). */
  clock: Clock;
  /** Persistence; default: a non-durable MemoryStorage. */
  storage?: Storage;
  /** Job ids; default: a counter continuing above the snapshot's maxId. */
  ids?: IdSource;
  /** "sync" (default): settled() waits for the commit. "async": settled() resolves at once. */
  durabilityMode?: "sync" | "async";
  /** Tunables (intervals, retention caps); see EngineTuning. */
  tuning?: Partial<EngineTuning>;
  /**
   * Called with errors nobody else can see: a timer callback that threw, a failed
   * take of external jobs. Default: ignored (the engine keeps running).
   */
  onError?: (err: unknown) => void;
}

const RESOLVED: Promise<void> = Promise.resolve();

/** One shard: the in-memory queue engine. Create with {@link createEngine}. */
export class Engine implements EngineApi {
  /** @internal The engine's state (for the engine's own modules and tests). */
  readonly s: Shard;
  private readonly counterIds: CounterIds | null;
  private readonly cron: CronRunner;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly onError: (err: unknown) => void;
  private started = false;

  constructor(opts: EngineOptions) {
    if (!opts || !opts.clock) throw new ValidationError("createEngine: a clock is required", "clock");
    const tuning = { ...DEFAULT_TUNING, ...(opts.tuning ?? {}) };
    this.counterIds = opts.ids ? null : new CounterIds();
    const ids = opts.ids ?? (this.counterIds as CounterIds);
    const storage = opts.storage ?? new MemoryStorage();
    this.s = new Shard(opts.clock, ids, storage, opts.durabilityMode === "async", tuning);
    this.onError = opts.onError ?? (() => {});
    this.s.scheduler.onError = this.onError;
    this.cron = new CronRunner(this.s);
  }

  // ---- lifecycle ----------------------------------------------------------------

  /** Load the snapshot, rebuild indexes, arm timers, start listening for external jobs. */
  async start(): Promise<void> {
    if (this.started) return;
    const snap = await this.s.storage.load();
    if (this.counterIds !== null) this.counterIds.bumpTo(snap.maxId);
    restoreSnapshot(this.s, snap, this.cron);
    this.s.stopped = false;
    this.s.scheduler.resume();
    this.started = true;
    const st = this.s.storage;
    if (st.listen && st.takeExternal) {
      this.unlisten = await st.listen(() => {
        this.takeExternal().catch(this.onError);
      });
      await this.takeExternal();
    }
  }

  /** Take jobs that edge producers inserted straight into storage. Returns how many. */
  async takeExternal(): Promise<number> {
    const st = this.s.storage;
    if (!st.takeExternal || this.s.stopped) return 0;
    const jobs = await st.takeExternal();
    if (this.counterIds !== null) for (const j of jobs) this.counterIds.bumpTo(j.job.id);
    return takeExternalJobs(this.s, jobs);
  }

  /** Disarm timers, answer blocked pulls with [], reject WAITJOBs, flush changes. */
  async stop(): Promise<void> {
    const s = this.s;
    if (s.stopped) return;
    s.stopped = true;
    this.started = false;
    s.scheduler.stop();
    releaseWaiters(s, undefined);
    for (const [id, list] of s.finishWaiters) {
      for (const w of list) w.reject(new FlashQError(`Engine stopped while waiting for job ${id}`, "SERVICE_UNAVAILABLE", true, { jobId: id }));
    }
    s.finishWaiters.clear();
    if (this.unlisten) {
      const u = this.unlisten;
      this.unlisten = null;
      await u();
    }
    await s.log.drain();
  }

  /** Resolves when every change made so far is committed. */
  settled(): Promise<void> {
    return this.s.durable ? this.s.log.settled() : RESOLVED;
  }

  /** Listen to events; returns the unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.s.listeners = [...this.s.listeners, listener];
    return () => {
      this.s.listeners = this.s.listeners.filter((l) => l !== listener);
    };
  }

  // ---- core -----------------------------------------------------------------------

  /**
   * PUSH. `dataBytes` (optional) is the payload size the transport already
   * measured; without it the engine bounds the size itself.
   */
  push(queue: string, input: JobInput, dataBytes?: number): Job {
    validateQueueName(queue);
    return wireJob(this.s, insertJob(this.s, this.s.queue(queue), input, dataBytes === undefined ? undefined : { dataBytes }));
  }

  /** PUSHB: per-item results; an invalid queue or a batch over 1000 throws. */
  pushBatch(queue: string, inputs: JobInput[]): BatchItemResult[] {
    const { ids, errors } = this.pushBatchIds(queue, inputs);
    const out: BatchItemResult[] = new Array(inputs.length);
    let k = 0;
    let e = 0;
    for (let i = 0; i < inputs.length; i++) {
      const failed = errors !== undefined && e < errors.length && errors[e]!.index === i ? errors[e++]! : null;
      if (failed === null) out[i] = { ok: true, id: ids[k++]! };
      else {
        const r: BatchItemResult = { ok: false, error: failed.error, code: failed.code };
        if (failed.jobId !== undefined) r.jobId = failed.jobId;
        out[i] = r;
      }
    }
    return out;
  }

  /**
   * PUSHB in reply form (the TCP hot path): accepted ids in batch order, failures by
   * index — no object per item. An invalid queue or a batch over 1000 throws.
   */
  pushBatchIds(queue: string, inputs: JobInput[]): BatchPushOutcome {
    validateQueueName(queue);
    if (!Array.isArray(inputs)) throw new ValidationError("jobs must be an array", "jobs");
    validateBatchSize(inputs.length, "jobs");
    const s = this.s;
    const q = s.queue(queue);
    const ids: number[] = [];
    let errors: BatchItemError[] | undefined;
    // Blocked pulls are served once, after the whole batch (a PULLB gets many jobs, not one);
    // the clock is read once per batch.
    const wakeAfter = q.waiters.length > 0;
    const extras: InsertExtras = { noWake: wakeAfter, now: s.clock.now() };
    for (let i = 0; i < inputs.length; i++) {
      try {
        ids.push(insertJob(s, q, inputs[i]!, extras).id);
      } catch (err) {
        const fe = err instanceof FlashQError ? err : null;
        const failed: BatchItemError = { index: i, error: fe ? fe.message : String(err), code: fe ? fe.code : "INTERNAL_ERROR" };
        if (fe?.details.jobId !== undefined) failed.jobId = fe.details.jobId;
        (errors ??= []).push(failed);
      }
    }
    if (wakeAfter) wake(s, q);
    return errors === undefined ? { ids } : { ids, errors };
  }

  /** PULL/PULLB: resolves with 1..count jobs, or [] after `timeoutMs`. */
  pull(queue: string, options: PullOptions): Promise<Job[]> {
    let now: Job[] | undefined;
    let later: ((jobs: Job[]) => void) | undefined;
    this.pullWith(queue, options, (jobs) => (later === undefined ? (now = jobs) : later(jobs)));
    return now !== undefined ? Promise.resolve(now) : new Promise<Job[]>((resolve) => (later = resolve));
  }

  /** PULL/PULLB with a synchronous callback (see {@link EngineApi.pullWith}). */
  pullWith(queue: string, options: PullOptions, deliver: (jobs: Job[]) => void): void {
    validateQueueName(queue);
    const count = options.count;
    checkCount(count);
    const timeoutMs = options.timeoutMs ?? 0;
    validateNonNegative(timeoutMs, "timeout");
    const s = this.s;
    const q = s.queue(queue);
    const jobs = takeJobs(s, q, count, s.clock.now());
    if (jobs.length > 0 || timeoutMs <= 0 || s.stopped) return deliver(jobs);
    addWaiter(s, q, { count, owner: options.owner, resolve: deliver, timer: null, done: false }, timeoutMs);
  }

  /** Up to `count` ready jobs now, without waiting. */
  tryPull(queue: string, count: number, _owner?: string): Job[] {
    validateQueueName(queue);
    checkCount(count);
    const s = this.s;
    const q = s.queues.get(queue);
    if (q === undefined) return [];
    return takeJobs(s, q, count, s.clock.now());
  }

  /** Answer the blocked pulls of `owner` with []. */
  releaseOwner(owner: string): void {
    releaseWaiters(this.s, owner);
  }

  /** ACK of an active job. */
  ack(id: number, result?: unknown): void {
    const e = this.activeEntry(id, "ack");
    complete(this.s, e, result === undefined ? null : result, this.s.clock.now());
  }

  /** ACKB: acks the active ones among `ids`; returns how many. */
  ackBatch(ids: number[], results?: unknown[]): number {
    if (!Array.isArray(ids)) throw new ValidationError("ids must be an array", "ids");
    validateBatchSize(ids.length, "ids");
    const s = this.s;
    const now = s.clock.now();
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const e = s.jobs.get(ids[i]);
      if (e === undefined || e.state !== S_ACTIVE) continue;
      const r = results === undefined ? null : results[i];
      complete(s, e, r === undefined ? null : r, now);
      n++;
    }
    return n;
  }

  /** FAIL of an active job: retry with backoff, or DLQ after max_attempts. */
  fail(id: number, error?: string): void {
    const e = this.activeEntry(id, "fail");
    failEntry(this.s, e, error ?? "", this.s.clock.now());
  }

  /** @internal The active entry `id`, else a typed error. */
  activeEntry(id: number, op: string): JobEntry {
    const e = this.s.jobs.get(id);
    if (e === undefined) {
      validateJobId(id);
      throw new JobNotFoundError(id);
    }
    if (e.state !== S_ACTIVE) {
      const st = STATE_NAMES[e.state];
      throw new InvalidStateError(id, st, `Cannot ${op} job ${id}: it is ${st}, not active`);
    }
    return e;
  }

  // ---- queries ----------------------------------------------------------------------

  getJob(id: number): JobWithState | null {
    return queries.getJob(this.s, id);
  }
  getState(id: number): JobState {
    return queries.getState(this.s, id);
  }
  getResult(id: number): unknown {
    return queries.getResult(this.s, id);
  }
  getJobByCustomId(customId: string): JobWithState | null {
    return queries.getJobByCustomId(this.s, customId);
  }
  getJobs(options: JobListOptions): { jobs: JobWithState[]; total: number } {
    return queries.getJobs(this.s, options);
  }
  getJobsBatch(ids: number[]): JobWithState[] {
    return queries.getJobsBatch(this.s, ids);
  }
  getJobCounts(queue: string): JobCounts {
    return queries.getJobCounts(this.s, queue);
  }
  count(queue: string): number {
    return queries.count(this.s, queue);
  }
  getProgress(id: number): { id: number; progress: number; message: string | null } {
    return queries.getProgress(this.s, id);
  }
  getLogs(id: number): JobLogEntry[] {
    return queries.getLogs(this.s, id);
  }
  getChildren(parentId: number): { children: Job[]; children_ids: number[]; completed: number; total: number } {
    return queries.getChildren(this.s, parentId);
  }

  /** WAITJOB: the result once completed; rejects JOB_FAILED / WAIT_TIMEOUT / JOB_NOT_FOUND. 0 = no timeout. */
  finished(id: number, timeoutMs: number): Promise<unknown> {
    const s = this.s;
    const e = s.jobs.get(id);
    if (e === undefined) return Promise.reject(new JobNotFoundError(id));
    if (e.state === S_COMPLETED) return Promise.resolve(resultOf(e) ?? null);
    if (e.state === S_FAILED) return Promise.reject(jobFailedError(id, e.x === null ? null : e.x.error));
    return new Promise((resolve, reject) => {
      const w = { resolve, reject, timer: null as ReturnType<typeof s.scheduler.at> | null };
      let list = s.finishWaiters.get(id);
      if (list === undefined) s.finishWaiters.set(id, (list = []));
      list.push(w);
      if (timeoutMs > 0) {
        w.timer = s.scheduler.at(s.clock.now() + timeoutMs, () => {
          const l = s.finishWaiters.get(id);
          if (l !== undefined) {
            const i = l.indexOf(w);
            if (i >= 0) l.splice(i, 1);
            if (l.length === 0) s.finishWaiters.delete(id);
          }
          reject(new FlashQError(`Timeout waiting for job ${id} after ${timeoutMs}ms`, "WAIT_TIMEOUT", true, { jobId: id, timeoutMs }));
        });
      }
    });
  }

  // ---- job management -----------------------------------------------------------------

  cancel(id: number): void {
    jobAdmin.cancel(this.s, id);
  }
  progress(id: number, progress: number, message?: string): void {
    jobAdmin.progress(this.s, id, progress, message);
  }
  update(id: number, data: unknown): void {
    jobAdmin.update(this.s, id, data);
  }
  changePriority(id: number, priority: number): void {
    jobAdmin.changePriority(this.s, id, priority);
  }
  moveToDelayed(id: number, delayMs: number): void {
    jobAdmin.moveToDelayed(this.s, id, delayMs);
  }
  promote(id: number): void {
    jobAdmin.promote(this.s, id);
  }
  discard(id: number): void {
    jobAdmin.discard(this.s, id);
  }
  heartbeat(id: number): void {
    jobAdmin.heartbeat(this.s, id);
  }
  log(id: number, message: string, level?: JobLogEntry["level"]): void {
    jobAdmin.log(this.s, id, message, level);
  }
  partial(id: number, data: unknown, index?: number): void {
    jobAdmin.partial(this.s, id, data, index);
  }
  pushFlow(queue: string, data: unknown, children: FlowChild[], options?: { priority?: number }): FlowResult {
    return jobAdmin.pushFlow(this.s, queue, data, children, options);
  }

  // ---- queue management -------------------------------------------------------------------

  pause(queue: string): void {
    queueAdmin.pause(this.s, queue);
  }
  resume(queue: string): void {
    queueAdmin.resume(this.s, queue);
  }
  isPaused(queue: string): boolean {
    validateQueueName(queue);
    return this.s.queues.get(queue)?.paused ?? false;
  }
  drain(queue: string): number {
    return queueAdmin.drain(this.s, queue);
  }
  obliterate(queue: string): number {
    const n = queueAdmin.obliterate(this.s, queue);
    this.cron.removeForQueue(queue);
    return n;
  }
  clean(queue: string, graceMs: number, state: CleanState, limit?: number): number {
    return queueAdmin.clean(this.s, queue, graceMs, state, limit);
  }
  listQueues(): QueueInfo[] {
    return queueAdmin.listQueues(this.s);
  }
  getDlq(queue: string, count?: number): Job[] {
    return queueAdmin.getDlq(this.s, queue, count);
  }
  retryDlq(queue: string, id?: number): number {
    return queueAdmin.retryDlq(this.s, queue, id);
  }
  purgeDlq(queue: string): number {
    return queueAdmin.purgeDlq(this.s, queue);
  }
  setRateLimit(queue: string, jobsPerSecond: number): void {
    queueAdmin.setRateLimit(this.s, queue, jobsPerSecond);
  }
  clearRateLimit(queue: string): void {
    queueAdmin.setRateLimit(this.s, queue, null);
  }
  setConcurrency(queue: string, limit: number): void {
    queueAdmin.setConcurrency(this.s, queue, limit);
  }
  clearConcurrency(queue: string): void {
    queueAdmin.setConcurrency(this.s, queue, null);
  }

  // ---- cron -----------------------------------------------------------------------------------

  addCron(name: string, options: CronOptions): void {
    this.cron.add(name, options);
  }
  deleteCron(name: string): boolean {
    return this.cron.delete(name);
  }
  listCrons(): CronJob[] {
    return this.cron.list();
  }

  // ---- stats ------------------------------------------------------------------------------------

  stats(): QueueStats {
    return buildStats(this.s);
  }
  metrics(): Metrics {
    return buildMetrics(this.s);
  }
}

function checkCount(count: number): void {
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > MAX_BATCH_SIZE) {
    throw new ValidationError(`count must be an integer between 1 and ${MAX_BATCH_SIZE}, got ${String(count)}`, "count");
  }
}

/**
 * Create an engine (one shard). Call `await engine.start()` before use.
 *
 * @example
 * const engine = createEngine({ clock: new ManualClock() });
 * await engine.start();
 * const job = engine.push("emails", { data: { to: "a@b.c" } });
 * const [pulled] = await engine.pull("emails", { count: 1, timeoutMs: 1000 });
 * engine.ack(pulled.id, { sent: true });
 */
export function createEngine(opts: EngineOptions): Engine {
  return new Engine(opts);
}
