/**
 * The one place wire {@link Job} objects are allocated, and a one-time
 * "shape stabilisation" of the job and entry objects.
 *
 * Why: V8 tracks a representation per object field (small integer, double,
 * tagged). A job is created with `started_at: 0` (a small integer); the first
 * activation stores an epoch-ms double there, which changes the representation and
 * deprecates the shape — every job already in memory must then be migrated when
 * next touched. With 1M waiting jobs that migration made pull+ack ~3× slower
 * (0.7M/s vs 2.1M/s measured by bench/engine.ts). Storing `null` once into the
 * numeric fields of a throw-away job generalises them to "tagged" up front: no
 * migration ever, and an epoch-ms value can be shared (started_at and
 * last_heartbeat point at the same number) instead of boxed per field.
 * Engines other than V8 ignore this; it changes no behaviour.
 */
import type { Job } from "./types.ts";
import { JobEntry } from "./job-entry.ts";
import { QueueState } from "./queue-state.ts";

/** Build a wire job with the defaults of a fresh push (field order is part of the shape). */
export function newJob(
  id: number,
  queue: string,
  data: unknown,
  priority: number,
  now: number,
  runAt: number,
  maxAttempts: number,
  backoff: number,
  backoffType: "exponential" | "fixed",
  ttl: number,
  timeout: number,
  uniqueKey: string | null,
  dependsOn: number[],
  tags: string[],
  lifo: boolean,
  removeOnComplete: boolean,
  removeOnFail: boolean,
  stallTimeout: number,
  parentId: number | null,
  childrenIds: number[],
  customId: string | null,
  keepAge: number,
  keepCount: number,
  groupId: string | null,
): Job {
  return {
    id,
    queue,
    data,
    priority,
    created_at: now,
    run_at: runAt,
    started_at: 0,
    attempts: 0,
    max_attempts: maxAttempts,
    backoff,
    backoff_type: backoffType,
    ttl,
    timeout,
    unique_key: uniqueKey,
    depends_on: dependsOn,
    progress: 0,
    progress_msg: null,
    tags,
    lifo,
    remove_on_complete: removeOnComplete,
    remove_on_fail: removeOnFail,
    last_heartbeat: 0,
    stall_timeout: stallTimeout,
    stall_count: 0,
    parent_id: parentId,
    children_ids: childrenIds,
    children_completed: 0,
    custom_id: customId,
    keep_completed_age: keepAge,
    keep_completed_count: keepCount,
    completed_at: 0,
    group_id: groupId,
  };
}

const JOB_NUMBER_FIELDS = [
  "id",
  "priority",
  "created_at",
  "run_at",
  "started_at",
  "attempts",
  "max_attempts",
  "backoff",
  "ttl",
  "timeout",
  "progress",
  "last_heartbeat",
  "stall_timeout",
  "stall_count",
  "children_completed",
  "keep_completed_age",
  "keep_completed_count",
  "completed_at",
] as const;

const ENTRY_NUMBER_FIELDS = ["pri", "seq", "fifoPos"] as const;

/** Generalise the numeric fields of jobs and entries to "tagged" once (see the file comment). */
function stabiliseShapes(): void {
  const job = newJob(1, "_", null, 0, 0, 0, 0, 0, "exponential", 0, 0, null, [], [], false, false, false, 0, null, [], null, 0, 0, null);
  const entry = new JobEntry(job, new QueueState("_"), 0);
  const j = job as unknown as Record<string, unknown>;
  for (const k of JOB_NUMBER_FIELDS) j[k] = null;
  const e = entry as unknown as Record<string, unknown>;
  for (const k of ENTRY_NUMBER_FIELDS) e[k] = null;
}

stabiliseShapes();
