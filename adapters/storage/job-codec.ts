/**
 * The stored form of a job: only the fields that differ from their defaults.
 * A typical job then takes ~150 bytes instead of ~700, which is what the write
 * path and the 1M-job recovery are bound by (bytes sent to and parsed by
 * PostgreSQL, bytes read back and JSON-parsed). The id is left out too: it is the
 * row's key (so an edge producer can have PostgreSQL number its rows).
 * `inflateJob(deflateJob(job), job.id)` deep-equals `job`; fields unknown to this
 * table are kept as they are.
 */
import type { Job } from "../../core/types.ts";

/** Default of every Job field that may be left out (arrays: left out when empty). */
const DEFAULTS: Record<string, unknown> = {
  priority: 0,
  started_at: 0,
  attempts: 0,
  max_attempts: 0,
  backoff: 0,
  backoff_type: "exponential",
  ttl: 0,
  timeout: 0,
  unique_key: null,
  progress: 0,
  progress_msg: null,
  lifo: false,
  remove_on_complete: false,
  remove_on_fail: false,
  last_heartbeat: 0,
  stall_timeout: 30000,
  stall_count: 0,
  parent_id: null,
  children_completed: 0,
  custom_id: null,
  keep_completed_age: 0,
  keep_completed_count: 0,
  completed_at: 0,
  group_id: null,
};

/** Array fields left out when empty. */
const ARRAYS = new Set(["depends_on", "tags", "children_ids"]);

/** The job without its default-valued fields (a new object; `job` is not touched). */
export function deflateJob(job: Job): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const src = job as unknown as Record<string, unknown>;
  for (const key in src) {
    const v = src[key];
    if (v === undefined || key === "id") continue;
    if (Array.isArray(v)) {
      if (v.length === 0 && ARRAYS.has(key)) continue;
    } else if (key in DEFAULTS && DEFAULTS[key] === v) continue;
    out[key] = v;
  }
  return out;
}

/** A full Job from its stored form and its row's id. */
export function inflateJob(s: Record<string, unknown>, id: number): Job {
  const job = {
    id,
    queue: "",
    data: null as unknown,
    priority: 0,
    created_at: 0,
    run_at: 0,
    started_at: 0,
    attempts: 0,
    max_attempts: 0,
    backoff: 0,
    backoff_type: "exponential",
    ttl: 0,
    timeout: 0,
    unique_key: null,
    depends_on: [] as number[],
    progress: 0,
    progress_msg: null,
    tags: [] as string[],
    lifo: false,
    remove_on_complete: false,
    remove_on_fail: false,
    last_heartbeat: 0,
    stall_timeout: 30000,
    stall_count: 0,
    parent_id: null,
    children_ids: [] as number[],
    children_completed: 0,
    custom_id: null,
    keep_completed_age: 0,
    keep_completed_count: 0,
    completed_at: 0,
    group_id: null,
  } as Record<string, unknown>;
  for (const key in s) if (key !== "id") job[key] = s[key];
  return job as unknown as Job;
}
