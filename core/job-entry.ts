/**
 * The engine's internal record of one job: the wire {@link Job} object (handed out
 * as is — callers must not mutate it) plus bookkeeping that never goes on the wire.
 * One monomorphic class keeps the hot path fast.
 */
import type { Job, JobLogEntry, JobState } from "./types.ts";
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

/** One job inside the engine. */
export class JobEntry {
  job: Job;
  q: QueueState;
  state: number;
  /** Slot in the waiting or delayed heap; -1 when in neither. */
  heapIdx = -1;
  /** Position in the ready queue's ordered run; -1 when not there. */
  fifoPos = -1;
  /** Priority copy used for ordering (avoids a pointer hop per comparison). */
  pri = 0;
  /**
   * Waiting order inside a priority: the shard's ready sequence number taken when
   * the job became ready (negated for LIFO). A small integer, so no boxed double.
   */
  seq = 0;
  result: unknown = undefined;
  /** Last failure message (DLQ jobs). */
  error: string | null = null;
  logs: JobLogEntry[] | null = null;
  /** depends_on entries still blocking. */
  blocking = 0;
  /** Jobs whose depends_on (or flow parent link) waits on this one. */
  dependents: JobEntry[] | null = null;
  /** TTL (while not started), job timeout (while active) or keep_completed_age (while completed) timer. */
  timer: TimerEntry | null = null;
  /** Intrusive list of active jobs (for the lease sweep). */
  prev: JobEntry | null = null;
  next: JobEntry | null = null;

  constructor(job: Job, q: QueueState, state: number) {
    this.job = job;
    this.q = q;
    this.state = state;
  }
}
