/**
 * Core methods of the client: push, batch push, pull, batch pull, ack, fail —
 * with their observability hooks.
 */
import { BatchError, ValidationError } from "../core/errors.ts";
import type { Job } from "../core/types.ts";
import { CLIENT_WAIT_MARGIN, DEFAULT_PULL_TIMEOUT } from "./constants.ts";
import { ClientConnection } from "./connection.ts";
import type {
  AckHookContext,
  BatchPullHookContext,
  BatchPushHookContext,
  ErrorHook,
  FailHookContext,
  Hook,
  HookContext,
  PullHookContext,
  PushHookContext,
} from "./hooks.ts";
import { applyPushOptions, buildJob } from "./job-options.ts";
import type { Command, Reply } from "./transport/transport.ts";
import type { BatchPushResult, PushOptions } from "./types.ts";
import { validateBatchSize, validateJobDataSize, validateQueueName } from "./validation.ts";

type Item<T> = { data: T } & PushOptions;

/** Client with the core job operations. */
export class FlashQCore extends ClientConnection {
  /**
   * Push a job to a queue.
   * @example const job = await client.push('emails', { to: 'a@b.c' }, { priority: 10 });
   */
  async push<T = unknown>(queue: string, data: T, options?: PushOptions): Promise<Job<T>> {
    validateQueueName(queue);
    validateJobDataSize(data);
    const command: Command = { cmd: "PUSH", queue, data: data === undefined ? null : data };
    applyPushOptions(command, options);
    const h = this.hooks;
    if (!h || (!h.onPush && !h.onPushComplete && !h.onPushError)) {
      const reply = await this.request(command);
      return jobFromPush<T>(reply, queue, data, command);
    }
    const ctx: PushHookContext = { startTime: Date.now(), queue, data, options };
    return this.observed(h.onPush, h.onPushComplete, h.onPushError, ctx, command, async (reply) => {
      const job = jobFromPush<T>(reply, queue, data, command);
      ctx.job = job;
      return job;
    });
  }

  /** Alias of {@link push} (flashQ SDK name). */
  add<T = unknown>(queue: string, data: T, options?: PushOptions): Promise<Job<T>> {
    return this.push(queue, data, options);
  }

  /**
   * Push many jobs in one request. Throws {@link BatchError} when the server rejected
   * some of them (the error lists successes and failures).
   */
  async pushBatch<T = unknown>(queue: string, jobs: Array<Item<T>>): Promise<number[]> {
    const result = await this.#pushBatch(queue, jobs);
    if (!result.allSucceeded) {
      throw new BatchError(
        `${result.failed.length} of ${jobs.length} jobs failed`,
        result.ids,
        result.failed.map((f) => ({ index: f.index, item: jobs[f.index], error: new Error(f.error) })),
      );
    }
    return result.ids;
  }

  /** Alias of {@link pushBatch}. */
  addBulk<T = unknown>(queue: string, jobs: Array<Item<T>>): Promise<number[]> {
    return this.pushBatch(queue, jobs);
  }

  /** Push many jobs; partial failures are reported in the result instead of thrown. */
  pushBatchSafe<T = unknown>(queue: string, jobs: Array<Item<T>>): Promise<BatchPushResult> {
    return this.#pushBatch(queue, jobs);
  }

  async #pushBatch<T>(queue: string, jobs: Array<Item<T>>): Promise<BatchPushResult> {
    validateQueueName(queue);
    validateBatchSize(jobs.length);
    const wire = new Array<Record<string, unknown>>(jobs.length);
    for (let i = 0; i < jobs.length; i++) {
      const j = jobs[i]!;
      const w: Record<string, unknown> = { data: j.data === undefined ? null : j.data };
      applyPushOptions(w, j);
      wire[i] = w;
    }
    const command: Command = { cmd: "PUSHB", queue, jobs: wire };
    const h = this.hooks;
    const ctx: BatchPushHookContext = { startTime: Date.now(), queue, count: jobs.length };
    return this.observed(h?.onBatchPush, h?.onBatchPushComplete, h?.onBatchPushError, ctx, command, async (r) => {
      const res = batchResult(r, jobs.length);
      ctx.ids = res.ids;
      ctx.failedCount = res.failed.length;
      return res;
    });
  }

  /**
   * Pull one job, waiting up to `timeout` ms (default 60000) for one; null on timeout.
   * @example const job = await client.pull('emails', 5000);
   */
  async pull<T = unknown>(queue: string, timeout: number = DEFAULT_PULL_TIMEOUT): Promise<Job<T> | null> {
    const command: Command = { cmd: "PULL", queue, timeout };
    // Binary mode: invite the server to pack the jobs as msgpack records (ignored by servers that do not).
    if (this.options.useBinary) command.records = true;
    const h = this.hooks;
    const ctx: PullHookContext = { startTime: Date.now(), queue, timeout };
    return this.observed(h?.onPull, h?.onPullComplete, h?.onPullError, ctx, command, async (r) => {
      const job = (r.job ?? null) as Job<T> | null;
      ctx.job = job;
      return job;
    }, timeout + CLIENT_WAIT_MARGIN);
  }

  /** Pull up to `count` jobs (≤ 1000), waiting up to `timeout` ms for the first. */
  async pullBatch<T = unknown>(queue: string, count: number, timeout: number = DEFAULT_PULL_TIMEOUT): Promise<Job<T>[]> {
    validateBatchSize(count, "count");
    if (!(count > 0)) throw new ValidationError(`Invalid count: ${count}`, "count");
    const command: Command = { cmd: "PULLB", queue, count, timeout };
    if (this.options.useBinary) command.records = true;
    const h = this.hooks;
    if (!h) {
      const r = await this.request(command, timeout + CLIENT_WAIT_MARGIN);
      return (r.jobs ?? []) as Job<T>[];
    }
    const ctx: BatchPullHookContext = { startTime: Date.now(), queue, count, timeout };
    return this.observed(h.onBatchPull, h.onBatchPullComplete, h.onBatchPullError, ctx, command, async (r) => {
      const jobs = (r.jobs ?? []) as Job<T>[];
      ctx.jobs = jobs as Job[];
      return jobs;
    }, timeout + CLIENT_WAIT_MARGIN);
  }

  /** Acknowledge a job as completed, storing `result`. */
  async ack(jobId: number, result?: unknown): Promise<void> {
    const command: Command = result === undefined ? { cmd: "ACK", id: jobId } : { cmd: "ACK", id: jobId, result };
    const h = this.hooks;
    if (!h) {
      await this.request(command);
      return;
    }
    const ctx: AckHookContext = { startTime: Date.now(), jobId, result };
    await this.observed(h.onAck, h.onAckComplete, h.onAckError, ctx, command, async () => undefined);
  }

  /**
   * Acknowledge many jobs; returns how many were acked. `results` (aligned with
   * `jobIds`) stores a result per job.
   */
  async ackBatch(jobIds: number[], results?: unknown[]): Promise<number> {
    validateBatchSize(jobIds.length, "ids");
    const command: Command = results ? { cmd: "ACKB", ids: jobIds, results } : { cmd: "ACKB", ids: jobIds };
    const r = await this.request(command);
    if (Array.isArray(r.ids)) return (r.ids[0] as number) ?? 0;
    return typeof r.count === "number" ? r.count : jobIds.length;
  }

  /** Fail a job: it is retried with backoff, or moved to the DLQ after its attempts. */
  async fail(jobId: number, error?: string): Promise<void> {
    const command: Command = error === undefined ? { cmd: "FAIL", id: jobId } : { cmd: "FAIL", id: jobId, error };
    const h = this.hooks;
    if (!h) {
      await this.request(command);
      return;
    }
    const ctx: FailHookContext = { startTime: Date.now(), jobId, error };
    await this.observed(h.onFail, h.onFailComplete, h.onFailError, ctx, command, async () => undefined);
  }

  /** Run a request between its before / after / error hooks. Hooks never break the call. */
  protected async observed<C extends HookContext, R>(
    before: Hook<C> | undefined,
    after: Hook<C> | undefined,
    onError: ErrorHook<C> | undefined,
    ctx: C,
    command: Command,
    map: (reply: Reply) => Promise<R>,
    timeoutMs?: number,
  ): Promise<R> {
    if (this.options.trackRequestIds) ctx.requestId = command.reqId = newRequestId();
    if (before) await this.#safe(() => before(ctx));
    let out: R;
    try {
      out = await map(await this.request(command, timeoutMs));
    } catch (err) {
      if (onError) await this.#safe(() => onError(ctx, err as Error));
      throw err;
    }
    if (after) await this.#safe(() => after(ctx));
    return out;
  }

  async #safe(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.logger.warn("Hook threw", err);
    }
  }
}

let requestSeq = 0;
const requestBase = Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 6);

/** A request id unique across processes: `<base36 time>-<rand4>-<n>`. */
export function newRequestId(): string {
  return `${requestBase}-${++requestSeq}`;
}

function jobFromPush<T>(reply: Reply, queue: string, data: T, command: Command): Job<T> {
  if (reply.job && typeof reply.job === "object") return reply.job as Job<T>;
  return buildJob<T>(reply.id as number, queue, data, command);
}

/** Read a PUSHB reply: `ids`, plus per-item failures from `errors` or `results` when sent. */
function batchResult(r: Reply, count: number): BatchPushResult {
  const failed: Array<{ index: number; error: string }> = [];
  let ids: number[] = [];
  if (Array.isArray(r.results)) {
    for (let i = 0; i < r.results.length; i++) {
      const item = r.results[i];
      if (item && item.ok) ids.push(item.id);
      else failed.push({ index: i, error: String(item?.error ?? "Unknown error") });
    }
  } else {
    ids = Array.isArray(r.ids) ? r.ids : [];
    if (Array.isArray(r.errors)) {
      for (const e of r.errors) failed.push({ index: e.index, error: String(e.error) });
    } else if (ids.length < count && failed.length === 0) {
      // A flashQ server drops rejected items silently: report the shortfall without indexes.
      for (let i = ids.length; i < count; i++) failed.push({ index: -1, error: "Rejected by server" });
    }
  }
  return { ids, failed, allSucceeded: failed.length === 0 };
}
