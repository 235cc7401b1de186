/**
 * The `Worker`: pulls jobs in batches and runs a processor on them with bounded
 * concurrency; acks in batches, fails with the thrown error's message.
 *
 * State machine: idle → starting → running → stopping → stopped (final).
 * Events: ready, active(job, workerId), completed(job, result, workerId),
 * failed(job, error, workerId), progress(job, progress, message), stopping, stopped,
 * drained, error(error).
 *
 * Two connections: one for (blocking) batch pulls, one for acks, fails and progress,
 * so acknowledgements never queue behind a pull.
 *
 * @example
 * const worker = new Worker('emails', async (job) => ({ sent: true }), { concurrency: 10 });
 */
import type { Job } from "../core/types.ts";
import { FlashQ } from "./client.ts";
import { MAX_BATCH_SIZE } from "./constants.ts";
import { Emitter } from "./emitter.ts";
import type { ProcessHookContext, WorkerHooks } from "./hooks.ts";
import { Logger } from "./logger.ts";
import { AckBatcher } from "./worker-acks.ts";
import { JobFeed } from "./worker-feed.ts";
import type { BullMQWorkerOptions, ClientOptions, JobProcessor, WorkerState } from "./types.ts";

const HEARTBEAT_EVERY_MS = 10000;

/** Processes jobs of one or more queues. */
export class Worker<T = unknown, R = unknown> extends Emitter {
  /** Worker id (reported with events). */
  readonly id: string;
  /** Queues this worker pulls from, in round-robin. */
  readonly queues: string[];
  readonly #processor: JobProcessor<T, R>;
  readonly #concurrency: number;
  readonly #batchSize: number;
  readonly #autoAck: boolean;
  readonly #closeTimeout: number;
  readonly #pullTimeout: number;
  readonly #hooks: WorkerHooks | undefined;
  readonly #clientOptions: ClientOptions;
  readonly #log: Logger;
  #state: WorkerState = "idle";
  #starting: Promise<void> | null = null;
  #stopping: Promise<void> | null = null;
  #puller: FlashQ | null = null;
  #acker: FlashQ | null = null;
  #acks: AckBatcher<Job<T>> | null = null;
  #feed: JobFeed<T> | null = null;
  #running = 0;
  #processed = 0;
  #pumping = false;
  #forced = false;
  readonly #active = new Map<number, Job<T>>();
  /** Ids active at the previous heartbeat tick (held ≥ one period if still active). */
  #heldSince = new Set<number>();
  #idleWaiters: Array<() => void> = [];
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #stopRequested = false;
  #wakeStart: (() => void) | null = null;

  constructor(queues: string | string[], processor: JobProcessor<T, R>, options: BullMQWorkerOptions = {}) {
    super();
    const {
      id, concurrency, batchSize, autoAck, autorun, autostart, debug, closeTimeout, pullTimeout, workerHooks,
      ...clientOptions
    } = options;
    this.queues = Array.isArray(queues) ? queues.slice() : [queues];
    this.#processor = processor;
    this.id = id ?? `worker-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.#concurrency = Math.max(1, concurrency ?? 10);
    this.#batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, batchSize ?? 100));
    this.#autoAck = autoAck ?? true;
    this.#closeTimeout = closeTimeout ?? 30000;
    this.#pullTimeout = pullTimeout ?? 500;
    this.#hooks = workerHooks;
    this.#clientOptions = clientOptions;
    this.#log = new Logger({ level: debug ? "debug" : (clientOptions.logLevel ?? "silent"), prefix: `flashq:${this.id}` });
    if (autorun ?? autostart ?? true) {
      // Errors surface as 'error' events; `await worker.start()` also reports them.
      queueMicrotask(() => {
        if (this.#state === "idle") this.start().catch((err) => this.emit("error", err));
      });
    }
  }

  /** Current state. */
  getState(): WorkerState {
    return this.#state;
  }

  /** Whether the worker is running. */
  isRunning(): boolean {
    return this.#state === "running";
  }

  /** Jobs whose processor is running now. */
  getProcessingCount(): number {
    return this.#running;
  }

  /** Jobs processed (completed or failed) since start. */
  getJobsProcessed(): number {
    return this.#processed;
  }

  /** Connect and start processing. Idempotent while starting/running. */
  start(): Promise<void> {
    if (this.#state === "running") return Promise.resolve();
    if (this.#state === "starting" && this.#starting) return this.#starting;
    if (this.#state !== "idle") {
      return Promise.reject(new Error(`Worker is ${this.#state} and cannot be restarted`));
    }
    this.#state = "starting";
    this.#starting = this.#start().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #start(): Promise<void> {
    const pair = await this.#connect();
    if (!pair) return; // stopped while connecting
    const [puller, acker] = pair;
    for (const c of pair) c.on("error", (err: unknown) => this.emit("error", err));
    this.#puller = puller;
    this.#acker = acker;
    this.#acks = new AckBatcher<Job<T>>(acker, (err) => this.#reportError(err), (jobs, results) => {
      if (this.listenerCount("completed") === 0) return;
      for (let i = 0; i < jobs.length; i++) this.emit("completed", jobs[i], results[i], this.id);
    });
    this.#state = "running";
    this.#heartbeat = setInterval(() => this.#sendHeartbeats(), HEARTBEAT_EVERY_MS);
    (this.#heartbeat as { unref?: () => void }).unref?.();
    this.#log.debug("ready");
    this.emit("ready");
    this.#feed = new JobFeed<T>({
      queues: this.queues,
      concurrency: this.#concurrency,
      batchSize: this.#batchSize,
      pullTimeout: this.#pullTimeout,
      onJobs: () => this.#pump(),
      onError: (err) => this.#reportError(err),
    });
    this.#feed.start(puller);
  }

  /**
   * Open the pull and ack connections. With autoReconnect (default) a server that is not
   * up yet is retried with the client's reconnect delays ('error' is emitted per failed
   * attempt); null when the worker was stopped meanwhile.
   */
  async #connect(): Promise<[FlashQ, FlashQ] | null> {
    const o = this.#clientOptions;
    const max = o.maxReconnectAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      const puller = new FlashQ(o);
      const acker = new FlashQ(o);
      try {
        await Promise.all([puller.connect(), acker.connect()]);
        if (!this.#stopRequested) return [puller, acker];
        await Promise.all([puller.close(), acker.close()]);
        return null;
      } catch (err) {
        await Promise.all([puller.close(), acker.close()]);
        const retry = o.autoReconnect !== false && !this.#stopRequested && (max === 0 || attempt <= max);
        if (!retry) {
          if (this.#stopRequested) return null;
          this.#state = "stopped";
          throw err;
        }
        this.#reportError(err);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, puller.reconnectDelayFor(attempt));
          this.#wakeStart = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.#wakeStart = null;
        if (this.#stopRequested) return null;
      }
    }
  }

  /** Stop: graceful (waits for running jobs, up to closeTimeout) or forced. */
  stop(force = false): Promise<void> {
    if (this.#state === "stopped") return Promise.resolve();
    if (this.#stopping) {
      if (force) this.#forceNow();
      return this.#stopping;
    }
    this.#stopping = this.#stop(force);
    return this.#stopping;
  }

  /** Alias of {@link stop} (BullMQ-compatible). */
  close(force = false): Promise<void> {
    return this.stop(force);
  }

  async #stop(force: boolean): Promise<void> {
    this.#stopRequested = true;
    this.#wakeStart?.();
    if (this.#starting) await this.#starting.catch(() => {});
    if (this.#state === "idle" || this.#state === "stopped") {
      this.#state = "stopped";
      return;
    }
    this.#state = "stopping";
    this.#log.debug("stopping");
    this.emit("stopping");
    clearInterval(this.#heartbeat);
    const pulling = this.#feed?.stop();
    if (force) this.#forceNow();
    else {
      await pulling;
      await this.#releaseBuffered();
      const drained = await this.waitForJobs(this.#closeTimeout);
      if (drained) {
        await this.#acks?.settle();
        this.emit("drained");
      } else {
        this.#forceNow();
      }
    }
    await Promise.all([this.#puller?.close(), this.#acker?.close()]);
    this.#puller = this.#acker = null;
    this.#state = "stopped";
    this.#log.debug("stopped");
    this.emit("stopped");
  }

  #forceNow(): void {
    this.#forced = true;
    this.#feed?.drain();
    void this.#puller?.close();
  }

  /** Wait until no job is running or buffered; false after `timeout` ms (0 = no limit). */
  waitForJobs(timeout = 0): Promise<boolean> {
    if (this.#idle()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(true);
      };
      this.#idleWaiters.push(done);
      if (timeout > 0) {
        timer = setTimeout(() => {
          this.#idleWaiters = this.#idleWaiters.filter((w) => w !== done);
          resolve(false);
        }, timeout);
      }
    });
  }

  /** Update a job's progress (0–100) and emit `progress`. */
  async updateProgress(jobId: number, progress: number, message?: string): Promise<void> {
    const client = this.#acker;
    if (!client) throw new Error("Worker is not running");
    await client.progress(jobId, progress, message);
    const job = this.#active.get(jobId) ?? ({ id: jobId } as Job<T>);
    this.emit("progress", job, progress, message);
  }

  // ---- pulling ------------------------------------------------------------------------

  /** Give back jobs pulled but never started (graceful stop): they become waiting again. */
  async #releaseBuffered(): Promise<void> {
    const rest = this.#feed?.drain() ?? [];
    const acker = this.#acker;
    if (rest.length === 0 || !acker) return;
    await Promise.allSettled(rest.map((j) => acker.moveToDelayed(j.id, 0)));
    this.#notifyIdle();
  }

  // ---- processing ---------------------------------------------------------------------

  #pump(): void {
    const feed = this.#feed;
    if (this.#pumping || !feed) return;
    this.#pumping = true;
    while (this.#running < this.#concurrency && this.#state === "running") {
      const job = feed.take();
      if (job === undefined) break;
      this.#run(job);
    }
    this.#pumping = false;
    feed.poke();
  }

  #idle(): boolean {
    return this.#running === 0 && (this.#feed === null || this.#feed.waiting === 0);
  }

  #run(job: Job<T>): void {
    this.#running++;
    this.#active.set(job.id, job);
    if (this.listenerCount("active") > 0) this.emit("active", job, this.id);
    if (this.#hooks) {
      void this.#runHooked(job);
      return;
    }
    let out: R | Promise<R>;
    try {
      out = this.#processor(job);
    } catch (err) {
      this.#failed(job, err);
      return;
    }
    if (out !== null && typeof out === "object" && typeof (out as Promise<R>).then === "function") {
      (out as Promise<R>).then(
        (res) => this.#completed(job, res),
        (err) => this.#failed(job, err),
      );
    } else {
      this.#completed(job, out as R);
    }
  }

  async #runHooked(job: Job<T>): Promise<void> {
    const h = this.#hooks!;
    const ctx: ProcessHookContext = { startTime: Date.now(), job: job as Job, workerId: this.id };
    await this.#safeHook(() => h.onProcess?.(ctx));
    let result: R;
    try {
      result = await this.#processor(job);
    } catch (err) {
      const e = toError(err);
      ctx.error = e;
      await this.#safeHook(() => h.onProcessError?.(ctx, e));
      this.#failed(job, e);
      return;
    }
    ctx.result = result;
    await this.#safeHook(() => h.onProcessComplete?.(ctx));
    this.#completed(job, result);
  }

  async #safeHook(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.#log.warn("worker hook threw", err);
    }
  }

  #completed(job: Job<T>, result: R): void {
    this.#finish(job);
    if (this.#forced) return;
    // With autoAck, `completed` is emitted once the server confirmed the ack (AckBatcher).
    if (this.#autoAck) this.#acks?.ack(job, result);
    else if (this.listenerCount("completed") > 0) this.emit("completed", job, result, this.id);
    this.#after();
  }

  #failed(job: Job<T>, err: unknown): void {
    this.#finish(job);
    if (this.#forced) return;
    const e = toError(err);
    if (this.#autoAck) this.#acks?.fail(job.id, e.message);
    this.emit("failed", job, e, this.id);
    this.#after();
  }

  #finish(job: Job<T>): void {
    this.#running--;
    this.#processed++;
    this.#active.delete(job.id);
  }

  #after(): void {
    if (this.#state === "running") this.#pump();
    this.#notifyIdle();
  }

  #notifyIdle(): void {
    if (this.#idleWaiters.length > 0 && this.#idle()) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Keep jobs held (running or buffered) for a whole period from being detected as stalled. */
  #sendHeartbeats(): void {
    const acker = this.#acker;
    if (!acker) return;
    const held = new Set<number>();
    const beat = (id: number) => {
      if (this.#heldSince.has(id)) acker.heartbeat(id).catch(() => {});
      held.add(id);
    };
    for (const id of this.#active.keys()) beat(id);
    this.#feed?.forEachId(beat);
    this.#heldSince = held;
  }

  #reportError(err: unknown): void {
    if (this.#state === "stopped" || this.#forced) return;
    this.#log.warn("worker error", (err as Error)?.message ?? err);
    this.emit("error", err);
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export default Worker;
