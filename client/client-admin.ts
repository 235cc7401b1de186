/**
 * Queue management, DLQ, rate and concurrency control, cron, flows and metrics.
 */
import type { CronJob, CronOptions, FlowChild, FlowResult, Job, JobState, Metrics, QueueInfo, QueueStats } from "../core/types.ts";
import { FlashQJobs } from "./client-jobs.ts";
import { JobNotFoundError } from "../core/errors.ts";
import type { Command, Reply } from "./transport/transport.ts";
import type { FlowOptions } from "./types.ts";

const countOf = (r: Reply): number =>
  typeof r.count === "number" ? r.count : Array.isArray(r.ids) ? ((r.ids[0] as number) ?? 0) : 0;

/** Client with queue administration, DLQ, limits, cron, flows and metrics. */
export class FlashQAdmin extends FlashQJobs {
  /** Pause a queue: pulls wait until it is resumed. */
  async pause(queue: string): Promise<void> {
    await this.request({ cmd: "PAUSE", queue });
  }

  /** Resume a paused queue. */
  async resume(queue: string): Promise<void> {
    await this.request({ cmd: "RESUME", queue });
  }

  /** Whether a queue is paused. */
  async isPaused(queue: string): Promise<boolean> {
    const r = await this.request({ cmd: "ISPAUSED", queue });
    return r.paused === true;
  }

  /** Remove all waiting and delayed jobs; returns how many. */
  async drain(queue: string): Promise<number> {
    return countOf(await this.request({ cmd: "DRAIN", queue }));
  }

  /** Remove all of a queue's data (jobs, DLQ, cron, state). */
  async obliterate(queue: string): Promise<void> {
    await this.request({ cmd: "OBLITERATE", queue });
  }

  /** Remove jobs of `state` older than `grace` ms (at most `limit`); returns how many. */
  async clean(queue: string, grace: number, state: JobState, limit?: number): Promise<number> {
    const command: Command = { cmd: "CLEAN", queue, grace, state };
    if (limit !== undefined) command.limit = limit;
    return countOf(await this.request(command));
  }

  /** All queues with their figures. */
  async listQueues(): Promise<QueueInfo[]> {
    return ((await this.request({ cmd: "LISTQUEUES" })).queues ?? []) as QueueInfo[];
  }

  /** Jobs in a queue's dead-letter queue (default 100). */
  async getDlq(queue: string, count: number = 100): Promise<Job[]> {
    return ((await this.request({ cmd: "DLQ", queue, count })).jobs ?? []) as Job[];
  }

  /** Move DLQ jobs (all, or one) back to waiting; returns how many. */
  async retryDlq(queue: string, jobId?: number): Promise<number> {
    const command: Command = jobId === undefined ? { cmd: "RETRYDLQ", queue } : { cmd: "RETRYDLQ", queue, id: jobId };
    return countOf(await this.request(command));
  }

  /** Remove all jobs from a queue's DLQ; returns how many. */
  async purgeDlq(queue: string): Promise<number> {
    return countOf(await this.request({ cmd: "PURGEDLQ", queue }));
  }

  /** Limit a queue to `limit` jobs per second. */
  async setRateLimit(queue: string, limit: number): Promise<void> {
    await this.request({ cmd: "RATELIMIT", queue, limit });
  }

  /** Remove a queue's rate limit. */
  async clearRateLimit(queue: string): Promise<void> {
    await this.request({ cmd: "RATELIMITCLEAR", queue });
  }

  /** Limit how many jobs of a queue may be active at once. */
  async setConcurrency(queue: string, limit: number): Promise<void> {
    await this.request({ cmd: "SETCONCURRENCY", queue, limit });
  }

  /** Remove a queue's concurrency limit. */
  async clearConcurrency(queue: string): Promise<void> {
    await this.request({ cmd: "CLEARCONCURRENCY", queue });
  }

  /** Add (or replace) a cron job: a 6-field `schedule` or `repeat_every` ms. */
  async addCron(name: string, options: CronOptions): Promise<void> {
    const command: Command = { cmd: "CRON", name };
    for (const k in options) {
      const v = (options as unknown as Record<string, unknown>)[k];
      if (v !== undefined) command[k] = v;
    }
    await this.request(command);
  }

  /** Delete a cron job; false when there was none. */
  async deleteCron(name: string): Promise<boolean> {
    try {
      const r = await this.request({ cmd: "CRONDELETE", name });
      return typeof r.deleted === "boolean" ? r.deleted : true;
    } catch (err) {
      if (err instanceof JobNotFoundError) return false;
      throw err;
    }
  }

  /** All cron jobs. */
  async listCrons(): Promise<CronJob[]> {
    return ((await this.request({ cmd: "CRONLIST" })).crons ?? []) as CronJob[];
  }

  /** Create a flow: a parent job that completes after all its children. */
  async pushFlow<T = unknown>(
    queue: string,
    parentData: T,
    children: FlowChild[],
    options: FlowOptions = {},
  ): Promise<FlowResult> {
    const command: Command = { cmd: "FLOW", queue, data: parentData, children };
    if (options.priority !== undefined) command.priority = options.priority;
    const r = await this.request(command);
    return { parent_id: r.parent_id as number, children_ids: (r.children_ids ?? []) as number[] };
  }

  /** Global counts. */
  async stats(): Promise<QueueStats> {
    const { ok: _ok, reqId: _r, ...stats } = await this.request({ cmd: "STATS" });
    return stats as QueueStats;
  }

  /** Totals, rates and per-queue figures. */
  async metrics(): Promise<Metrics> {
    return (await this.request({ cmd: "METRICS" })).metrics as Metrics;
  }

  /** Whether the server answers. Never throws. */
  async ping(): Promise<boolean> {
    try {
      const r = await this.request({ cmd: "PING" });
      return r.ok === true;
    } catch {
      return false;
    }
  }
}
