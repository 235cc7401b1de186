/**
 * Everything the engine holds for one queue: the waiting heap (priority desc, then
 * FIFO/LIFO), the delayed heap (by run_at), per-state counters, pause flag, rate
 * and concurrency limits, groups, unique keys, debounce ids, DLQ, the completed
 * list (for retention) and blocked pulls.
 */
import { IndexedHeap } from "./indexed-heap.ts";
import { ReadyQueue } from "./ready-queue.ts";
import type { JobEntry } from "./job-entry.ts";
import type { TokenBucket } from "./decisions/rate-limit.ts";
import type { TimerEntry } from "./scheduler.ts";
import type { Job } from "./types.ts";

/** Delayed order: run_at asc, then id asc. */
function delayedLess(a: JobEntry, b: JobEntry): boolean {
  const ra = a.tRun;
  const rb = b.tRun;
  if (ra !== rb) return ra < rb;
  return a.id < b.id;
}

/** A blocked PULL/PULLB. */
export interface PullWaiter {
  count: number;
  owner: string | undefined;
  resolve: (jobs: Job[]) => void;
  timer: TimerEntry | null;
  done: boolean;
}

/**
 * One group (group_id) of a queue: at most one job is active or in the waiting
 * heap at a time; the others wait in `pending`, in push (id) order — FIFO.
 */
export interface GroupState {
  /** The group's job that is active, if any. */
  active: JobEntry | null;
  /** The group's job currently in the waiting heap, if any. */
  head: JobEntry | null;
  /** Further waiting jobs of the group, sorted FIFO. */
  pending: JobEntry[];
}

/** Number of internal state codes that are counted (S_WAITING..S_WAITING_PARENT). */
export const COUNTED_STATES = 7;

/** The state of one queue. */
export class QueueState {
  readonly name: string;
  readonly waiting = new ReadyQueue();
  readonly delayed = new IndexedHeap<JobEntry>(delayedLess);
  /** Live jobs per internal state code (index 7, "removed", is scratch). */
  readonly counts: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  paused = false;
  rateLimit: number | null = null;
  bucket: TokenBucket | null = null;
  concurrency: number | null = null;
  groups: Map<string, GroupState> | null = null;
  uniqueKeys: Map<string, JobEntry> | null = null;
  /** debounce_id → time until which pushes with it are rejected. */
  debounce: Map<string, number> | null = null;
  /** Dead-letter queue, oldest first. */
  readonly dlq = new Set<JobEntry>();
  /** Completed jobs in completion order (may contain removed ones: skipped lazily). */
  completed: JobEntry[] = [];
  completedHead = 0;
  /** Blocked pulls, oldest first (done ones are skipped lazily). */
  waiters: PullWaiter[] = [];
  /** Scheduler entry promoting this queue's delayed jobs, and its time. */
  delayedTimer: TimerEntry | null = null;
  delayedTimerAt = Infinity;
  /** Scheduler entry waking blocked pulls when the rate limit refills. */
  rateTimer: TimerEntry | null = null;
  /** Totals for metrics. */
  totalPushed = 0;
  totalCompleted = 0;
  totalFailed = 0;

  constructor(name: string) {
    this.name = name;
  }

  /** Number of jobs that can be pulled right now, ignoring limits. */
  get ready(): number {
    return this.counts[0];
  }

  /** Whether any job or setting makes this queue worth listing. */
  get isEmpty(): boolean {
    const c = this.counts;
    return c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6] === 0;
  }

  /** Whether the queue carries settings worth keeping. */
  get hasSettings(): boolean {
    return this.paused || this.rateLimit !== null || this.concurrency !== null;
  }
}
