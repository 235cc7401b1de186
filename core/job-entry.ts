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
  attempts = 0;
  /** Last explicit heartbeat, or the one preserved when the job stopped being active (see lastHeartbeat). */
  heartbeat = 0;
  /** Ack result of a completed job (undefined = none recorded; reads as null when completed). */
  result: unknown = undefined;
  /** TTL (while not started), job timeout (while active) or keep_completed_age (while completed) timer. */
  timer: TimerEntry | null = null;
  /** created_at − epoch once run_at moved away from it (null: created_at = run_at, see createdRel). */
  tCreated: number | null = null;
}

/**
 * One job inside the engine: the hot fields of a job plus bookkeeping. The wire
 * {@link Job} object is built only when a job is handed out (`job-wire.ts`).
 * `tRun` (and `x.tCreated`) are relative to the shard's `epoch` (small integers,
 * so V8 keeps them unboxed); started_at/completed_at are epoch ms (0 = never),
 * kept in slots that the job's current state does not use (see the accessors).
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
   * Other states reuse the slot: active → started_at; completed/failed → completed_at.
   */
  seq = 0;
  /**
   * Slot in the waiting or delayed heap (≥ 0), or −2 − position in the ready
   * queue's ordered run (≤ −2); active: index in the shard's active list;
   * completed: started_at; else −1.
   */
  heapIdx = -1;
  /** run_at − epoch (created_at too, unless `x.tCreated` says otherwise). */
  tRun: number;
  /** Non-default options and rare state; null for plain jobs. */
  x: JobExtra | null;

  constructor(id: number, q: QueueState, state: number, data: unknown, pri: number, tRun: number, x: JobExtra | null) {
    this.id = id;
    this.q = q;
    this.state = state;
    this.data = data;
    this.pri = pri;
    this.tRun = tRun;
    this.x = x;
  }

  /** started_at (epoch ms; 0 unless active or completed): `seq` while active, `heapIdx` once completed. */
  get startedAt(): number {
    const st = this.state;
    return st === S_ACTIVE ? this.seq : st === S_COMPLETED ? this.heapIdx : 0;
  }

  /** completed_at (epoch ms; 0 unless completed or failed): the `seq` slot. */
  get completedAt(): number {
    const st = this.state;
    return st === S_COMPLETED || st === S_FAILED ? this.seq : 0;
  }
}

/** created_at − epoch of `e`. */
export function createdRel(e: JobEntry): number {
  const x = e.x;
  return x !== null && x.tCreated !== null ? x.tCreated : e.tRun;
}

/** Set run_at − epoch, keeping created_at (pinned on the extra part the first time they differ). */
export function setRunRel(e: JobEntry, t: number): void {
  if (t === e.tRun) return;
  const x = ext(e);
  if (x.tCreated === null) x.tCreated = e.tRun;
  e.tRun = t;
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
  const e = new JobEntry(1, null as unknown as QueueState, 0, null, 0, 0, null) as unknown as Record<string, unknown>;
  for (const k of ["id", "state", "pri", "seq", "heapIdx", "tRun"]) e[k] = null;
  const x = new JobExtra() as unknown as Record<string, unknown>;
  for (const k of ["maxAttempts", "backoff", "ttl", "timeout", "stallTimeout", "stallCount", "childrenCompleted", "keepAge", "keepCount", "progress", "blocking", "parentId", "attempts", "heartbeat", "tCreated"]) x[k] = null;
}
stabiliseShapes();

/** Defaults of every {@link JobExtra} field, for reads of entries without one (frozen). */
export const NO_EXTRA: JobExtra = Object.freeze(new JobExtra()) as JobExtra;

/** last_heartbeat of `e`: its activation time, or a later explicit/preserved heartbeat. */
export function lastHeartbeat(e: JobEntry): number {
  const hb = e.x === null ? 0 : e.x.heartbeat;
  return hb > e.startedAt ? hb : e.startedAt;
}

/**
 * The job stops being active (call before its state changes): last_heartbeat is
 * kept on the extra part; started_at reads 0 once the state is no longer active.
 */
export function clearStarted(e: JobEntry): void {
  if (e.startedAt === 0) return;
  const hb = lastHeartbeat(e);
  ext(e).heartbeat = hb;
}

/** Ack result of `e` as stored/queried: undefined unless completed or restored with one. */
export function resultOf(e: JobEntry): unknown {
  const r = e.x === null ? undefined : e.x.result;
  if (r !== undefined) return r;
  return e.state === S_COMPLETED ? null : undefined;
}

/** The entry's extra part, created on first need (writes go through this). */
export function ext(e: JobEntry): JobExtra {
  let x = e.x;
  if (x === null) x = e.x = new JobExtra();
  return x;
}
