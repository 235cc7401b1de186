/**
 * In-memory Storage. By default `durable: false`: the engine records nothing and
 * `write` is never called. With `{ durable: true }` it keeps the written rows in
 * maps and hands them back on `load()` — an in-process stand-in for a database,
 * used to exercise group commit and restart. `setAvailable(false)` makes writes
 * fail (outage simulation) until set back.
 */
import type { Change, QueueSettings, Snapshot, Storage, StoredJob } from "./ports.ts";
import type { CronJob } from "./types.ts";
import { FlashQError } from "./errors.ts";

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /** Record and persist changes (default false). */
  durable?: boolean;
}

/** Storage kept in process memory. */
export class MemoryStorage implements Storage {
  readonly durable: boolean;
  readonly jobs = new Map<number, StoredJob>();
  readonly queues = new Map<string, QueueSettings>();
  readonly crons = new Map<string, CronJob>();
  maxId = 0;
  /** Number of successful write() calls and of changes written. */
  writes = 0;
  changes = 0;
  private available = true;
  private external: StoredJob[] = [];
  private listeners: (() => void)[] = [];

  constructor(opts: MemoryStorageOptions = {}) {
    this.durable = opts.durable === true;
  }

  /** Everything written so far. */
  async load(): Promise<Snapshot> {
    return {
      jobs: [...this.jobs.values()].map((s) => ({ ...s, job: { ...s.job } })),
      queues: [...this.queues.values()].map((q) => ({ ...q })),
      crons: [...this.crons.values()].map((c) => ({ ...c })),
      maxId: this.maxId,
    };
  }

  /** Apply a batch in order (all or nothing). */
  async write(changes: Change[]): Promise<void> {
    if (!this.available) throw new FlashQError("Memory storage is unavailable", "SERVICE_UNAVAILABLE", true);
    for (const c of changes) this.apply(c);
    this.writes++;
    this.changes += changes.length;
  }

  async close(): Promise<void> {
    this.listeners = [];
  }

  /** Simulate an outage (writes reject with a retryable error) or recovery. */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  /** Add a job as an external producer would (row + notification). */
  insertExternal(stored: StoredJob): void {
    this.jobs.set(stored.job.id, stored);
    if (stored.job.id > this.maxId) this.maxId = stored.job.id;
    this.external.push(stored);
    for (const l of this.listeners) l();
  }

  async listen(onInserted: () => void): Promise<() => Promise<void>> {
    this.listeners.push(onInserted);
    return async () => {
      this.listeners = this.listeners.filter((l) => l !== onInserted);
    };
  }

  async takeExternal(): Promise<StoredJob[]> {
    const out = this.external;
    this.external = [];
    return out;
  }

  private apply(c: Change): void {
    switch (c.type) {
      case "inserted":
      case "updated":
        this.jobs.set(c.stored.job.id, c.stored);
        if (c.stored.job.id > this.maxId) this.maxId = c.stored.job.id;
        return;
      case "removed":
        this.jobs.delete(c.id);
        return;
      case "queue":
        this.queues.set(c.settings.queue, c.settings);
        return;
      case "queueRemoved":
        this.queues.delete(c.queue);
        return;
      case "cron":
        this.crons.set(c.cron.name, c.cron);
        return;
      case "cronRemoved":
        this.crons.delete(c.name);
        return;
    }
  }
}
