/**
 * Translation of SDK push options to the wire (aliases, BullMQ-style backoff), and the
 * job object `push()` returns: PUSH replies only with an id, so the client fills in the
 * rest from what it sent (the same defaults the server applies).
 */
import type { Job, JobInput } from "../core/types.ts";
import type { JobOptions, PushOptions } from "./types.ts";

const ALIASES: Record<string, string> = {
  jobId: "job_id",
  keepCompletedAge: "keep_completed_age",
  keepCompletedCount: "keep_completed_count",
};

/** Copy push options onto a wire command (or JobInput), translating aliases; skips undefined. */
export function applyPushOptions(target: Record<string, unknown>, opts: PushOptions | undefined): void {
  if (!opts) return;
  for (const key in opts) {
    const value = (opts as Record<string, unknown>)[key];
    if (value === undefined || key === "data") continue;
    if (key === "backoff" && typeof value === "object" && value !== null) {
      const b = value as { type?: string; delay: number };
      // Exponential is the wire's default meaning of a number; send the object only for `fixed`.
      target.backoff = b.type === "fixed" ? { type: "fixed", delay: b.delay } : b.delay;
      continue;
    }
    target[ALIASES[key] ?? key] = value;
  }
}

/** Convert BullMQ-style job options to push options. */
export function fromJobOptions(opts: JobOptions | undefined): PushOptions {
  const out: PushOptions = {};
  if (!opts) return out;
  if (opts.priority !== undefined) out.priority = opts.priority;
  if (opts.delay !== undefined) out.delay = opts.delay;
  if (opts.attempts !== undefined) out.max_attempts = opts.attempts;
  if (opts.backoff !== undefined) out.backoff = opts.backoff;
  if (opts.timeout !== undefined) out.timeout = opts.timeout;
  if (opts.ttl !== undefined) out.ttl = opts.ttl;
  if (opts.jobId !== undefined) out.job_id = opts.jobId;
  if (opts.depends_on !== undefined) out.depends_on = opts.depends_on;
  if (opts.tags !== undefined) out.tags = opts.tags;
  if (opts.group_id !== undefined) out.group_id = opts.group_id;
  if (opts.removeOnComplete === true) out.remove_on_complete = true;
  else if (typeof opts.removeOnComplete === "number") out.keep_completed_count = opts.removeOnComplete;
  if (opts.removeOnFail === true || (typeof opts.removeOnFail === "number" && opts.removeOnFail === 0)) {
    out.remove_on_fail = true;
  }
  return out;
}

/** Build the job `push()` returns from the id the server assigned and the options sent. */
export function buildJob<T>(id: number, queue: string, data: T, wire: Record<string, unknown>): Job<T> {
  const now = Date.now();
  const delay = typeof wire.delay === "number" ? wire.delay : 0;
  const backoff = wire.backoff as JobInput["backoff"];
  return {
    id,
    queue,
    data,
    priority: (wire.priority as number) ?? 0,
    created_at: now,
    run_at: now + delay,
    started_at: 0,
    attempts: 0,
    max_attempts: (wire.max_attempts as number) ?? 0,
    backoff: typeof backoff === "object" && backoff !== null ? backoff.delay : ((backoff as number) ?? 0),
    backoff_type: typeof backoff === "object" && backoff !== null ? backoff.type : "exponential",
    ttl: (wire.ttl as number) ?? 0,
    timeout: (wire.timeout as number) ?? 0,
    unique_key: (wire.unique_key as string) ?? null,
    depends_on: (wire.depends_on as number[]) ?? [],
    progress: 0,
    progress_msg: null,
    tags: (wire.tags as string[]) ?? [],
    lifo: (wire.lifo as boolean) ?? false,
    remove_on_complete: (wire.remove_on_complete as boolean) ?? false,
    remove_on_fail: (wire.remove_on_fail as boolean) ?? false,
    last_heartbeat: 0,
    stall_timeout: (wire.stall_timeout as number) ?? 30000,
    stall_count: 0,
    parent_id: null,
    children_ids: [],
    children_completed: 0,
    custom_id: (wire.job_id as string) ?? null,
    keep_completed_age: (wire.keep_completed_age as number) ?? 0,
    keep_completed_count: (wire.keep_completed_count as number) ?? 0,
    completed_at: 0,
    group_id: (wire.group_id as string) ?? null,
  };
}
