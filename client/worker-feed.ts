/**
 * The pull side of a {@link Worker}: keeps batch pulls in flight on a dedicated
 * connection and buffers the jobs they return until the worker takes them.
 *
 * Policy: up to 8 PULLB in flight, holding at most 8 × max(concurrency, batchSize) jobs
 * (buffered + asked for), and no new pull while `concurrency` pulled jobs already wait —
 * fast processors keep the pipeline full, slow ones do not hoard jobs.
 */
import type { Job } from "../core/types.ts";
import type { FlashQ } from "./client.ts";

const MAX_PULLS_IN_FLIGHT = 8;
const PULL_ERROR_PAUSE_MS = 500;

/** Settings of a feed. */
export interface FeedOptions {
  queues: string[];
  concurrency: number;
  batchSize: number;
  /** Server-side wait of each pull, ms. */
  pullTimeout: number;
  /** Called after jobs were added to the buffer. */
  onJobs: () => void;
  /** Called with a failed pull while running. */
  onError: (err: unknown) => void;
}

/** Batch-pulling job buffer. */
export class JobFeed<T> {
  readonly #o: FeedOptions;
  readonly #prefetch: number;
  #buf: Job<T>[] = [];
  #head = 0;
  #qi = 0;
  #inFlight = 0;
  #waiters: Array<() => void> = [];
  #running = false;
  #loops: Promise<void> = Promise.resolve();

  constructor(options: FeedOptions) {
    this.#o = options;
    this.#prefetch = 8 * Math.max(options.concurrency, options.batchSize);
  }

  /** Jobs pulled and not yet taken. */
  get waiting(): number {
    return this.#buf.length - this.#head;
  }

  /** Start the pull loops on `client`. */
  start(client: FlashQ): void {
    this.#running = true;
    const n = Math.max(1, Math.min(MAX_PULLS_IN_FLIGHT, Math.ceil(this.#prefetch / this.#o.batchSize)));
    const loops: Promise<void>[] = [];
    for (let i = 0; i < n; i++) loops.push(this.#loop(client));
    this.#loops = Promise.all(loops).then(() => undefined);
  }

  /** Stop pulling; resolves when the pulls in flight have returned (their jobs stay buffered). */
  stop(): Promise<void> {
    this.#running = false;
    this.#wake();
    return this.#loops;
  }

  /** The next buffered job, or undefined. */
  take(): Job<T> | undefined {
    if (this.#head >= this.#buf.length) return undefined;
    const job = this.#buf[this.#head]!;
    this.#buf[this.#head++] = undefined as unknown as Job<T>;
    if (this.#head >= this.#buf.length) {
      this.#buf.length = 0;
      this.#head = 0;
    }
    return job;
  }

  /** Let waiting pull loops pull again if the policy allows it now. */
  poke(): void {
    if (this.#waiters.length > 0 && this.#mayPull()) this.#wake();
  }

  /** Remove and return every buffered job. */
  drain(): Job<T>[] {
    const rest = this.#buf.slice(this.#head);
    this.#buf = [];
    this.#head = 0;
    return rest;
  }

  /** Visit the ids of buffered jobs. */
  forEachId(fn: (id: number) => void): void {
    for (let i = this.#head; i < this.#buf.length; i++) fn(this.#buf[i]!.id);
  }

  #mayPull(): boolean {
    const waiting = this.#buf.length - this.#head;
    return waiting < this.#o.concurrency && waiting + this.#inFlight * this.#o.batchSize < this.#prefetch;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  async #loop(client: FlashQ): Promise<void> {
    const o = this.#o;
    while (this.#running) {
      if (!this.#mayPull()) {
        await new Promise<void>((r) => this.#waiters.push(r));
        continue;
      }
      const queue = o.queues[this.#qi++ % o.queues.length]!;
      let jobs: Job<T>[];
      this.#inFlight++;
      try {
        jobs = await client.pullBatch<T>(queue, o.batchSize, o.pullTimeout);
      } catch (err) {
        if (!this.#running) break;
        o.onError(err);
        await new Promise<void>((r) => {
          const t = setTimeout(r, PULL_ERROR_PAUSE_MS);
          this.#waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
        continue;
      } finally {
        this.#inFlight--;
      }
      if (jobs.length === 0) continue;
      for (let i = 0; i < jobs.length; i++) this.#buf.push(jobs[i]!);
      o.onJobs();
    }
  }
}
