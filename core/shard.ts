/**
 * The state of one engine instance (one shard): jobs by id, queues, indexes,
 * the scheduler, the commit log, listeners and totals. Transition functions
 * (`transitions.ts`) and the engine's API modules operate on it.
 */
import type { Clock, IdSource, Storage, Change, StoredJob } from "./ports.ts";
import { wireJob } from "./job-shape.ts";
import type { EngineEvent } from "./types.ts";
import { JobEntry, STATE_NAMES, S_REMOVED, resultOf } from "./job-entry.ts";
import { QueueState } from "./queue-state.ts";
import type { GroupState } from "./queue-state.ts";
import { Scheduler } from "./scheduler.ts";
import type { TimerEntry } from "./scheduler.ts";
import { CommitLog } from "./commit-log.ts";
import { MetricsWindow } from "./metrics-window.ts";
import { IdTable } from "./id-table.ts";

/** Tunables of an engine; every one has a default. */
export interface EngineTuning {
  /** How often active jobs are checked for stalls, ms (default 500). Job timeouts are exact. */
  leaseCheckIntervalMs: number;
  /** stall_timeout used when a job sets none (0/absent), ms (default 30000). */
  defaultStallTimeoutMs: number;
  /** Stalls after which a job goes to the DLQ instead of back to waiting (default 3). */
  maxStalls: number;
  /**
   * Completed jobs kept per queue (oldest dropped first), default 1000 — a
   * "recent completed" buffer like flashQ's. A job's keep_completed_count, when
   * set, is used instead for the trim its completion triggers. Results are
   * always delivered to WAITJOB waiters, whatever the retention. Keeping many
   * completed jobs costs memory and GC time (10000 → ~3× slower ack throughput).
   */
  maxCompletedPerQueue: number;
  /** Default debounce window when debounce_ttl is absent, ms (default 5000). */
  defaultDebounceTtlMs: number;
  /** Log entries kept per job (oldest dropped), default 100. */
  maxLogsPerJob: number;
  /** Time zone for cron schedules (default "UTC"). */
  cronTimezone: string;
}

/** Defaults of {@link EngineTuning}. */
export const DEFAULT_TUNING: EngineTuning = {
  leaseCheckIntervalMs: 500,
  defaultStallTimeoutMs: 30000,
  maxStalls: 3,
  maxCompletedPerQueue: 1000,
  defaultDebounceTtlMs: 5000,
  maxLogsPerJob: 100,
  cronTimezone: "UTC",
};

/** A blocked WAITJOB. */
export interface FinishWaiter {
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
  timer: TimerEntry | null;
}

/** The mutable state of one engine. */
export class Shard {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly storage: Storage;
  readonly durable: boolean;
  readonly tuning: EngineTuning;
  readonly scheduler: Scheduler;
  readonly log: CommitLog;
  readonly jobs = new IdTable<JobEntry>();
  readonly queues = new Map<string, QueueState>();
  readonly customIds = new Map<string, JobEntry>();
  readonly finishWaiters = new Map<number, FinishWaiter[]>();
  listeners: ((e: EngineEvent) => void)[] = [];
  /** Active jobs (unordered; each entry's `heapIdx` is its index here). */
  active: JobEntry[] = [];
  sweepTimer: TimerEntry | null = null;
  readonly metrics = new MetricsWindow();
  /** Counter giving each job that becomes ready its place (FIFO/LIFO) within its priority. */
  readySeq = 0;
  stopped = false;
  /**
   * Time origin of the entries' relative times `tRun`/`x.tCreated` (an integer, so converting back
   * is exact): relative times stay small integers (unboxed in V8) for ~12 days.
   */
  readonly epoch: number;

  constructor(clock: Clock, ids: IdSource, storage: Storage, asyncMode: boolean, tuning: EngineTuning) {
    this.clock = clock;
    this.ids = ids;
    this.storage = storage;
    this.durable = storage.durable;
    this.tuning = tuning;
    this.scheduler = new Scheduler(clock);
    this.log = new CommitLog(storage, asyncMode, this.scheduler);
    this.log.nowFn = () => clock.now();
    const t0 = clock.now();
    this.epoch = Number.isFinite(t0) ? Math.floor(t0) : 0;
  }

  /** The queue's state, created on first use. */
  queue(name: string): QueueState {
    let q = this.queues.get(name);
    if (q === undefined) {
      q = new QueueState(name);
      this.queues.set(name, q);
    }
    return q;
  }

  /** Group state of `groupId` in `q`, created on first use. */
  group(q: QueueState, groupId: string): GroupState {
    let groups = q.groups;
    if (groups === null) groups = q.groups = new Map();
    let g = groups.get(groupId);
    if (g === undefined) {
      g = { active: null, head: null, pending: [] };
      groups.set(groupId, g);
    }
    return g;
  }

  /** Whether anyone listens to events (emit only then: no allocation otherwise). */
  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  /** Deliver an event to every listener; a throwing listener does not affect others. */
  emit(ev: EngineEvent): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i](ev);
      } catch {
        // A listener's failure is its own business.
      }
    }
  }

  /** Record an upsert of `e` (durable storage only). */
  recordJob(e: JobEntry): void {
    if (!this.durable) return;
    if (e.state === S_REMOVED) {
      this.log.record({ type: "removed", id: e.id });
      return;
    }
    this.log.record({ type: "updated", stored: storedOf(this, e) });
  }

  /** Record the insertion of `e` (durable storage only). */
  recordInsert(e: JobEntry): void {
    if (!this.durable) return;
    this.log.record({ type: "inserted", stored: storedOf(this, e) });
  }

  /** Record a non-job change (durable storage only). */
  record(change: Change): void {
    if (this.durable) this.log.record(change);
  }
}

/** `e` as storage persists it (a fresh wire job: the entry keeps changing in memory). */
export function storedOf(s: Shard, e: JobEntry): StoredJob {
  const st: StoredJob = { job: wireJob(s, e), state: STATE_NAMES[e.state] };
  const r = resultOf(e);
  if (r !== undefined) st.result = r;
  const x = e.x;
  if (x !== null) {
    if (x.error !== null) st.error = x.error;
    if (x.logs !== null) st.logs = x.logs.slice();
  }
  return st;
}
