/**
 * Job query and job management methods of the client.
 */
import type { Job, JobCounts, JobLogEntry, JobState, JobWithState } from "../core/types.ts";
import { CLIENT_WAIT_MARGIN, DEFAULT_FINISHED_TIMEOUT } from "./constants.ts";
import { FlashQCore } from "./client-core.ts";
import type { Reply } from "./transport/transport.ts";
import type { GetJobsOptions } from "./types.ts";

/** `{job, state}` from a nested or flattened (`{...job, state}`) record. */
export function toJobWithState<T>(rec: Record<string, unknown>): JobWithState<T> {
  if (rec.job && typeof rec.job === "object") return { job: rec.job as Job<T>, state: rec.state as JobState };
  const { state, ...job } = rec;
  return { job: job as unknown as Job<T>, state: state as JobState };
}

function withState<T>(r: Reply): JobWithState<T> | null {
  if (!r.job) return null;
  return { job: r.job as Job<T>, state: r.state as JobState };
}

/** Client with job queries and job management. */
export class FlashQJobs extends FlashQCore {
  /** A job with its state, or null when unknown. */
  async getJob<T = unknown>(jobId: number): Promise<JobWithState<T> | null> {
    return withState<T>(await this.request({ cmd: "GETJOB", id: jobId }));
  }

  /** The job's state, or null when unknown. */
  async getState(jobId: number): Promise<JobState | null> {
    const r = await this.request({ cmd: "GETSTATE", id: jobId });
    const s = r.state as JobState | null | undefined;
    return s && s !== "unknown" ? s : null;
  }

  /** The stored result of a completed job (null if none). */
  async getResult<R = unknown>(jobId: number): Promise<R | null> {
    const r = await this.request({ cmd: "GETRESULT", id: jobId });
    return (r.result ?? null) as R | null;
  }

  /** Look a job up by its custom id. */
  async getJobByCustomId<T = unknown>(customId: string): Promise<JobWithState<T> | null> {
    return withState<T>(await this.request({ cmd: "GETJOBBYCUSTOMID", job_id: customId }));
  }

  /** List jobs with filters and pagination. */
  async getJobs<T = unknown>(options: GetJobsOptions = {}): Promise<{ jobs: JobWithState<T>[]; total: number }> {
    const r = await this.request({ cmd: "GETJOBS", ...options });
    const list = (r.jobs ?? []) as Record<string, unknown>[];
    return { jobs: list.map((x) => toJobWithState<T>(x)), total: (r.total as number) ?? list.length };
  }

  /** Many jobs by id in one request (unknown ids are omitted). */
  async getJobsBatch<T = unknown>(jobIds: number[]): Promise<JobWithState<T>[]> {
    const r = await this.request({ cmd: "GETJOBSBATCH", ids: jobIds });
    return ((r.jobs ?? []) as Record<string, unknown>[]).map((x) => toJobWithState<T>(x));
  }

  /** Job counts of a queue, by state. */
  async getJobCounts(queue: string): Promise<JobCounts> {
    const { ok: _ok, reqId: _r, ...counts } = await this.request({ cmd: "GETJOBCOUNTS", queue });
    return counts as JobCounts;
  }

  /** Waiting + delayed jobs of a queue. */
  async count(queue: string): Promise<number> {
    const r = await this.request({ cmd: "COUNT", queue });
    return (r.count as number) ?? 0;
  }

  /** Cancel a pending job. */
  async cancel(jobId: number): Promise<void> {
    await this.request({ cmd: "CANCEL", id: jobId });
  }

  /** Update an active job's progress (0–100, clamped) with an optional message. */
  async progress(jobId: number, progress: number, message?: string): Promise<void> {
    const p = Math.max(0, Math.min(100, Math.round(progress)));
    await this.request(
      message === undefined ? { cmd: "PROGRESS", id: jobId, progress: p } : { cmd: "PROGRESS", id: jobId, progress: p, message },
    );
  }

  /** A job's progress and last progress message. */
  async getProgress(jobId: number): Promise<{ progress: number; message?: string }> {
    const r = await this.request({ cmd: "GETPROGRESS", id: jobId });
    const p = r.progress;
    if (p && typeof p === "object") {
      return p.message == null ? { progress: p.progress } : { progress: p.progress, message: p.message };
    }
    return r.message == null ? { progress: p ?? 0 } : { progress: p ?? 0, message: r.message };
  }

  /**
   * Wait until the job completes and return its result (null if none). Rejects when the
   * job fails or is unknown, or after `timeout` ms (default 30000).
   */
  async finished<R = unknown>(jobId: number, timeout: number = DEFAULT_FINISHED_TIMEOUT): Promise<R | null> {
    const r = await this.request({ cmd: "WAITJOB", id: jobId, timeout }, timeout + CLIENT_WAIT_MARGIN);
    return (r.result ?? null) as R | null;
  }

  /** Replace a job's data while it is waiting, delayed, active or in the DLQ. */
  async update(jobId: number, data: unknown): Promise<void> {
    await this.request({ cmd: "UPDATEJOB", id: jobId, data });
  }

  /** Change a job's priority. */
  async changePriority(jobId: number, priority: number): Promise<void> {
    await this.request({ cmd: "CHANGEPRIORITY", id: jobId, priority });
  }

  /** Move an active job back to delayed, runnable after `delay` ms. */
  async moveToDelayed(jobId: number, delay: number): Promise<void> {
    await this.request({ cmd: "MOVETODELAYED", id: jobId, delay });
  }

  /** Make a delayed job waiting now. */
  async promote(jobId: number): Promise<void> {
    await this.request({ cmd: "PROMOTE", id: jobId });
  }

  /** Move a job straight to the DLQ. */
  async discard(jobId: number): Promise<void> {
    await this.request({ cmd: "DISCARD", id: jobId });
  }

  /** Heartbeat of a long-running active job (resets stall detection). */
  async heartbeat(jobId: number): Promise<void> {
    await this.request({ cmd: "HEARTBEAT", id: jobId });
  }

  /** Add a log entry to a job. */
  async log(jobId: number, message: string, level: JobLogEntry["level"] = "info"): Promise<void> {
    await this.request({ cmd: "LOG", id: jobId, message, level });
  }

  /** A job's log entries. */
  async getLogs(jobId: number): Promise<JobLogEntry[]> {
    const r = await this.request({ cmd: "GETLOGS", id: jobId });
    return (r.logs ?? []) as JobLogEntry[];
  }

  /** Child job ids of a flow parent. */
  async getChildren(jobId: number): Promise<number[]> {
    const r = await this.request({ cmd: "GETCHILDREN", parent_id: jobId });
    if (Array.isArray(r.children_ids)) return r.children_ids as number[];
    if (Array.isArray(r.children)) {
      return (r.children as Array<number | { id: number }>).map((c) => (typeof c === "number" ? c : c.id));
    }
    return [];
  }
}
