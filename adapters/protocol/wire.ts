/**
 * Wire shapes shared by every transport: engine events as flashQ's event object
 * (PROTOCOL.md §8.3) and jobs with their state flattened next to the fields.
 */
import type { EngineEvent, Job, JobWithState } from "../../core/types.ts";

/** An event as SSE, WebSocket and TCP subscribers receive it; absent values are omitted. */
export interface WireEvent {
  event_type: string;
  queue: string;
  job_id?: number;
  timestamp: number;
  data?: unknown;
  error?: string;
  progress?: number;
  message?: string;
  count?: number;
  index?: number;
  attempts?: number;
}

/** Map an engine event to flashQ's event object. */
export function toWireEvent(e: EngineEvent): WireEvent {
  const w: WireEvent = { event_type: e.type, queue: e.queue, timestamp: e.timestamp };
  if ("jobId" in e) w.job_id = e.jobId;
  switch (e.type) {
    case "pushed":
      if (e.data !== undefined) w.data = e.data;
      break;
    case "completed":
      if (e.result !== undefined && e.result !== null) w.data = e.result;
      break;
    case "failed":
      if (e.error) w.error = e.error;
      break;
    case "retried":
      if (e.error) w.error = e.error;
      w.attempts = e.attempts;
      break;
    case "progress":
      w.progress = e.progress;
      if (e.message !== null) w.message = e.message;
      break;
    case "partial":
      w.data = e.data;
      if (e.index !== undefined) w.index = e.index;
      break;
    case "drained":
      w.count = e.count;
      break;
    default:
      break;
  }
  return w;
}

/**
 * `{...job fields, state}` (flashQ's flattened list item); with `nested`, also a
 * `job` copy, which flashQ's SDK reads (PROTOCOL.md §4.2 GETJOBS MISMATCH).
 */
export function flatten(js: JobWithState, nested: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...js.job, state: js.state };
  if (nested) out.job = js.job;
  return out;
}

/**
 * Marks a reply whose `job` / `jobs` field holds engine jobs (PULL, PULLB), so the
 * binary encoder may write them with its dedicated job writer. A symbol key: JSON
 * and generic encoders ignore it.
 */
export const HAS_JOBS: unique symbol = Symbol("flashq.hasJobs");

/** PULLB reply `{ok, jobs}`, marked {@link HAS_JOBS}. */
export function pulledJobs(jobs: Job[]): Record<string, unknown> {
  return { ok: true, jobs, [HAS_JOBS]: true } as unknown as Record<string, unknown>;
}

/** PULL reply `{ok, job}` (null when none), marked {@link HAS_JOBS}. */
export function pulledJob(job: Job | null): Record<string, unknown> {
  return { ok: true, job, [HAS_JOBS]: true } as unknown as Record<string, unknown>;
}
