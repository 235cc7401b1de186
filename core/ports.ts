/**
 * Ports: the only ways the engine reaches the outside world. Adapters implement
 * them; `core/` never touches a runtime API.
 */
import type { CronJob, Job, JobLogEntry, JobState } from "./types.ts";

/** Opaque handle of a timer armed through the {@link Clock}. */
export type TimerHandle = unknown;

/** Time, injected. Tests use a manual clock; adapters wrap the runtime clock and timers. */
export interface Clock {
  /** Current time, Unix epoch ms. */
  now(): number;
  /** Call `fn` once, `delayMs` from now. */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
  /** Cancel a timer armed by {@link setTimer}; unknown handles are ignored. */
  clearTimer(handle: TimerHandle): void;
}

/** Job ids, injected. Never repeats, also across restarts (durable adapters guarantee it). */
export interface IdSource {
  /** Next id; synchronous (durable adapters reserve blocks ahead of use). */
  next(): number;
}

/**
 * A job as storage persists it: the wire job plus what is needed to rebuild the
 * engine after a restart.
 */
export interface StoredJob {
  job: Job;
  /** State at the time of the change; `active` is recovered as `waiting`. */
  state: JobState;
  /** Ack result, for completed jobs that are retained. */
  result?: unknown;
  /** Last fail error, for DLQ jobs. */
  error?: string;
  logs?: JobLogEntry[];
}

/** Per-queue settings that survive a restart. */
export interface QueueSettings {
  queue: string;
  paused: boolean;
  rate_limit: number | null;
  concurrency_limit: number | null;
}

/**
 * A change the engine has decided and storage must record. Storage applies a batch
 * of them atomically and in order; it never decides anything itself.
 *
 * - `inserted`:   new job (any initial state) → row created.
 * - `updated`:    any field/state change of a live job (retried, delayed, promoted,
 *                 priority/data changed, moved to or retried from the DLQ, dependency
 *                 released, completed-and-retained) → row replaced by `stored`.
 * - `removed`:    job gone (acked with remove_on_complete, cancelled, drained,
 *                 obliterated, cleaned, retention) → row deleted.
 * - `queue`:      queue settings changed → settings row replaced.
 * - `queueRemoved`: queue obliterated → settings row deleted.
 * - `cron`:       cron added or its next_run/executions advanced → row replaced.
 * - `cronRemoved`: cron deleted → row deleted.
 *
 * Activation (pull) and heartbeats are deliberately *not* changes: an active job is
 * recovered as waiting (at-least-once), so pulls cost no write.
 */
export type Change =
  | { type: "inserted"; stored: StoredJob }
  | { type: "updated"; stored: StoredJob }
  | { type: "removed"; id: number }
  | { type: "queue"; settings: QueueSettings }
  | { type: "queueRemoved"; queue: string }
  | { type: "cron"; cron: CronJob }
  | { type: "cronRemoved"; name: string };

/** Everything storage hands back at start-up. */
export interface Snapshot {
  jobs: StoredJob[];
  queues: QueueSettings[];
  crons: CronJob[];
  /** Highest job id ever issued (ids continue above it). */
  maxId: number;
}

/**
 * Persistence. `durable: false` (memory) tells the engine it need not record
 * changes at all, which keeps the in-memory hot path allocation-free.
 */
export interface Storage {
  readonly durable: boolean;
  /** Load everything at start-up. */
  load(): Promise<Snapshot>;
  /** Record a batch of changes atomically, in order. Rejects with a retryable error if storage is down. */
  write(changes: Change[]): Promise<void>;
  /** Release connections. */
  close(): Promise<void>;
  /**
   * Optional: jobs inserted by others (edge producers) straight into storage.
   * `onInserted` is called whenever new ones may exist; `takeExternal` returns them once.
   */
  listen?(onInserted: () => void): Promise<() => Promise<void>>;
  takeExternal?(): Promise<StoredJob[]>;
}
