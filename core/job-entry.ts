/**
 * The engine's internal record of one job: hot fields on one monomorphic
 * {@link JobEntry}, rare ones on an optional {@link JobExtra}. Wire jobs are
 * built from it on demand (`job-wire.ts`).
 */
import type { JobLogEntry, JobState } from "./types.ts";
import type { QueueState } from "./queue-state.ts";
import type { TimerEntry } from "./scheduler.ts";

/** Internal state codes (indexes into per-queue counters). */
export const S_WAITING: number = 0;
export const S_DELAYED: number = 1;
export const S_ACTIVE: number = 2;
export const S_COMPLETED: number = 3;
export const S_FAILED: number = 4;
export const S_WAITING_CHILDREN: number = 5;
export const S_WAITING_PARENT: number = 6;
/** Gone from the engine (removed); never counted. */
export const S_REMOVED: number = 7;

/** Wire names of the state codes. */
export const STATE_NAMES: readonly JobState[] = [
  "waiting",
  "delayed",
  "active",
  "completed",
  "failed",
  "waiting-children",
  "waiting-parent",
  "unknown",
];

/** State name → code; accepts flashQ's spellings too (`waitingchildren`, `waiting_children`). */
export function stateCode(name: string): number {
  switch (name) {
    case "waiting":
      return S_WAITING;
    case "delayed":
      return S_DELAYED;
    case "active":
      return S_ACTIVE;
    case "completed":
      return S_COMPLETED;
    case "failed":
      return S_FAILED;
    case "waiting-children":
    case "waitingchildren":
    case "waiting_children":
      return S_WAITING_CHILDREN;
    case "waiting-parent":
    case "waitingparent":
    case "waiting_parent":
      return S_WAITING_PARENT;
    default:
      return -1;
  }
}

/** Shared empty arrays for jobs without tags/deps/children (frozen: never mutated). */
export const EMPTY_NUMBERS: number[] = Object.freeze([]) as unknown as number[];
export const EMPTY_STRINGS: string[] = Object.freeze([]) as unknown as string[];

/**
 * The rarely used part of a job: options that differ from the defaults and state
 * that only some jobs ever get (logs, errors, dependency links, progress, stalls).
 * Created on first need ({@link ext}); jobs that never need it share
 * {@link NO_EXTRA} for reads. Keeping it off the entry is what makes a plain
 * waiting job small (issue 7: bytes per waiting job).
 */
export class JobExtra {
  maxAttempts = 0;
  backoff = 0;
  backoffType: "exponential" | "fixed" = "exponential";
  ttl = 0;
  timeout = 0;
  uniqueKey: string | null = null;
  dependsOn: number[] = EMPTY_NUMBERS;
  tags: string[] = EMPTY_STRINGS;
  lifo = false;
  removeOnComplete = false;
  removeOnFail = false;
  /** The job's own stall_timeout; 0 = the engine default. */
  stallTimeout = 0;
  stallCount = 0;
  parentId: number | null = null;
  childrenIds: number[] = EMPTY_NUMBERS;
  childrenCompleted = 0;
  customId: string | null = null;
  keepAge = 0;
  keepCount = 0;
  groupId: string | null = null;
  progress = 0;
  progressMsg: string | null = null;
  /** Last failure message (DLQ jobs). */
  error: string | null = null;
  logs: JobLogEntry[] | null = null;
  /** depends_on entries still blocking. */
  blocking = 0;
  /** Jobs whose depends_on (or flow parent link) waits on this one. */
  dependents: JobEntry[] | null = null;
}

/**
 * One job inside the engine: the hot fields of a job plus bookkeeping. The wire
 * {@link Job} object is built only when a job is handed out (`job-wire.ts`).
 * `tCreated`/`tRun` are relative to the shard's `epoch` (small integers, so V8
 * keeps them unboxed); `startedAt`/`heartbeat`/`completedAt` are epoch ms (0 = never).
 */
export class JobEntry {
  id: number;
  q: QueueState;
  state: number;
  data: unknown;
  /** Priority (also the ordering key of the waiting queue). */
  pri: number;
  /**
   * Waiting order inside a priority: the shard's ready sequence number taken when
   * the job became ready (negated for LIFO). A small integer, so no boxed double.
   */
  seq = 0;
  /** Slot in the waiting or delayed heap; -1 when in neither. */
  heapIdx = -1;
  /** Position in the ready queue's ordered run; -1 when not there. */
  fifoPos = -1;
  /** created_at − epoch. */
  tCreated: number;
  /** run_at − epoch. */
  tRun: number;
  attempts = 0;
  startedAt = 0;
  heartbeat = 0;
  completedAt = 0;
  result: unknown = undefined;
  /** TTL (while not started), job timeout (while active) or keep_completed_age (while completed) timer. */
  timer: TimerEntry | null = null;
  /** Intrusive list of active jobs (for the lease sweep). */
  prev: JobEntry | null = null;
  next: JobEntry | null = null;
  /** Non-default options and rare state; null for plain jobs. */
  x: JobExtra | null;

  constructor(id: number, q: QueueState, state: number, data: unknown, pri: number, tCreated: number, tRun: number, x: JobExtra | null) {
    this.id = id;
    this.q = q;
    this.state = state;
    this.data = data;
    this.pri = pri;
    this.tCreated = tCreated;
    this.tRun = tRun;
    this.x = x;
  }
}

/**
 * V8 shape stabilisation: V8 tracks a representation per field (small integer,
 * double, tagged). A field that starts as a small integer and later receives a
 * double (an epoch-ms `startedAt`, a fractional priority) deprecates the shape,
 * and every live object is then migrated one by one when next touched — with 1M
 * waiting jobs that made pull+ack ~3× slower. Storing `null` once into the numeric
 * fields of throw-away objects generalises them to "tagged" up front, so no
 * migration ever happens. Other engines ignore this; it changes no behaviour.
 */
function stabiliseShapes(): void {
  const e = new JobEntry(1, null as unknown as QueueState, 0, null, 0, 0, 0, null) as unknown as Record<string, unknown>;
  for (const k of ["id", "state", "pri", "seq", "heapIdx", "fifoPos", "tCreated", "tRun", "attempts", "startedAt", "heartbeat", "completedAt"]) e[k] = null;
  const x = new JobExtra() as unknown as Record<string, unknown>;
  for (const k of ["maxAttempts", "backoff", "ttl", "timeout", "stallTimeout", "stallCount", "childrenCompleted", "keepAge", "keepCount", "progress", "blocking", "parentId"]) x[k] = null;
}
stabiliseShapes();

/** Defaults of every {@link JobExtra} field, for reads of entries without one (frozen). */
export const NO_EXTRA: JobExtra = Object.freeze(new JobExtra()) as JobExtra;

/** The entry's extra part, created on first need (writes go through this). */
export function ext(e: JobEntry): JobExtra {
  let x = e.x;
  if (x === null) x = e.x = new JobExtra();
  return x;
}
