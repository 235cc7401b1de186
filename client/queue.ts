/**
 * BullMQ-compatible `Queue`: a named queue with `add`, `addBulk`, `getJob`, `finished`,
 * pause/resume, counts, drain, obliterate, clean. Connects lazily.
 *
 * @example
 * const queue = new Queue('emails', { host: 'localhost', port: 6789 });
 * const job = await queue.add('send-email', { to: 'user@example.com' }, { attempts: 3 });
 */
import type { Job, JobCounts, JobState } from "../core/types.ts";
import { FlashQ } from "./client.ts";
import { applyPushOptions, fromJobOptions } from "./job-options.ts";
import type { BulkJobOptions, JobOptions, QueueOptions } from "./types.ts";
import { validateQueueName } from "./validation.ts";

/** A job as `Queue.add` returns it: the job plus its BullMQ-style `name`. */
export type QueueJob<T> = Job<T> & { name: string };

/** BullMQ-compatible queue. */
export class Queue<T = unknown> {
  /** Queue name. */
  readonly name: string;
  /** The underlying client (for operations the Queue API does not cover). */
  readonly client: FlashQ;
  readonly #defaults: JobOptions;

  constructor(name: string, options: QueueOptions = {}) {
    validateQueueName(name);
    this.name = name;
    const { defaultJobOptions, ...clientOptions } = options;
    this.client = new FlashQ(clientOptions);
    this.#defaults = defaultJobOptions ?? {};
  }

  /** Default job options merged into every `add`. */
  get defaultJobOptions(): JobOptions {
    return this.#defaults;
  }

  /** Add a job. `name` is returned on the job; `data` is stored unchanged. */
  async add(name: string, data: T, opts?: JobOptions): Promise<QueueJob<T>> {
    const merged = opts ? { ...this.#defaults, ...opts } : this.#defaults;
    const job = (await this.client.push<T>(this.name, data, fromJobOptions(merged))) as QueueJob<T>;
    job.name = name;
    return job;
  }

  /** Add many jobs in one request. */
  async addBulk(jobs: BulkJobOptions<T>[]): Promise<QueueJob<T>[]> {
    const items = jobs.map((j) => {
      const item: { data: T } & Record<string, unknown> = { data: j.data };
      applyPushOptions(item, fromJobOptions(j.opts ? { ...this.#defaults, ...j.opts } : this.#defaults));
      return item;
    });
    const ids = await this.client.pushBatch<T>(this.name, items);
    const now = Date.now();
    return ids.map((id, i) => {
      const src = items[i]!;
      const delay = typeof src.delay === "number" ? src.delay : 0;
      return {
        id,
        name: jobs[i]!.name,
        queue: this.name,
        data: jobs[i]!.data,
        priority: (src.priority as number) ?? 0,
        created_at: now,
        run_at: now + delay,
        max_attempts: (src.max_attempts as number) ?? 0,
      } as QueueJob<T>;
    });
  }

  /** A job by id, or null. */
  async getJob(jobId: number): Promise<Job<T> | null> {
    const r = await this.client.getJob<T>(jobId);
    return r ? r.job : null;
  }

  /** Wait for a job's result (null if none); rejects if it fails or the wait times out. */
  finished<R = unknown>(jobId: number, timeout?: number): Promise<R | null> {
    return this.client.finished<R>(jobId, timeout);
  }

  /** Pause the queue. */
  async pause(): Promise<void> {
    await this.client.pause(this.name);
  }

  /** Resume the queue. */
  async resume(): Promise<void> {
    await this.client.resume(this.name);
  }

  /** Whether the queue is paused. */
  isPaused(): Promise<boolean> {
    return this.client.isPaused(this.name);
  }

  /** Job counts by state. */
  getJobCounts(): Promise<JobCounts> {
    return this.client.getJobCounts(this.name);
  }

  /** Remove all waiting jobs. */
  async drain(): Promise<void> {
    await this.client.drain(this.name);
  }

  /** Remove all queue data. */
  async obliterate(): Promise<void> {
    await this.client.obliterate(this.name);
  }

  /**
   * Remove jobs of `type` older than `grace` ms, at most `limit`. Returns one entry per
   * removed job (the server reports a count, so the entries are the count's positions
   * unless the server also sends the ids).
   */
  async clean(grace: number, limit: number, type: JobState): Promise<number[]> {
    const count = await this.client.clean(this.name, grace, type, limit);
    return Array.from({ length: count }, (_, i) => i);
  }

  /** Close the queue's connection. */
  async close(): Promise<void> {
    await this.client.close();
  }
}
