/**
 * Group commit ("commit before reply") between the engine and a durable Storage.
 *
 * State changes are recorded in the pending batch. A microtask after the first
 * change of a batch starts `storage.write(batch)`; while a write is in flight the
 * next batch forms and is written as soon as the previous one finishes
 * (pipelined, strictly in order). `settled()` returns a promise for "everything
 * recorded so far is committed".
 *
 * Failure: the batch's `settled()` promises reject with a retryable
 * FlashQError (`DATABASE_ERROR`, cause attached). The in-memory state is NOT
 * rolled back; instead the failed batch is kept and re-sent first, before newer
 * changes (on the next change, the next `settled()`, or the retry timer), so
 * storage converges to memory once it is reachable again. A caller that saw the
 * error may retry its command; use custom ids (job_id) for exactly-once pushes.
 *
 * `async` mode: `settled()` resolves at once; writes still run in the background
 * with the same ordering and retry.
 */
import { FlashQError } from "./errors.ts";
import type { Change, Storage } from "./ports.ts";
import type { Scheduler } from "./scheduler.ts";

const RESOLVED: Promise<void> = Promise.resolve();

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Delay before re-sending a failed batch when nothing else triggers a write. */
export const WRITE_RETRY_MS = 1000;

/** Pending changes and the write pipeline of one engine. */
export class CommitLog {
  private readonly storage: Storage;
  private readonly asyncMode: boolean;
  private readonly scheduler: Scheduler;
  private pending: Change[] = [];
  private pendingWaiter: Deferred | null = null;
  private inflight: Promise<void> | null = null;
  private inflightWaiter: Deferred | null = null;
  private flushQueued = false;
  private retryArmed = false;
  /** Last write error (null after a successful write). */
  lastError: unknown = null;
  /** Number of successful writes / changes written (for stats). */
  writes = 0;
  written = 0;

  constructor(storage: Storage, asyncMode: boolean, scheduler: Scheduler) {
    this.storage = storage;
    this.asyncMode = asyncMode;
    this.scheduler = scheduler;
  }

  /** Changes recorded but not yet committed (including the in-flight batch: no). */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Record one change; a write starts on the next microtask. */
  record(change: Change): void {
    this.pending.push(change);
    if (!this.flushQueued && this.inflight === null) {
      this.flushQueued = true;
      RESOLVED.then(() => this.flush());
    }
  }

  /** Resolves when everything recorded so far is committed (immediately in async mode). */
  settled(): Promise<void> {
    if (this.asyncMode) return RESOLVED;
    if (this.pending.length === 0) {
      if (this.inflight === null) return RESOLVED;
      if (!this.inflightWaiter) this.inflightWaiter = deferred();
      return this.inflightWaiter.promise;
    }
    if (!this.pendingWaiter) this.pendingWaiter = deferred();
    if (this.inflight === null && !this.flushQueued) this.flush();
    return this.pendingWaiter.promise;
  }

  /** Write until nothing is pending; rejects if a write fails. */
  async drain(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      if (this.inflight) {
        await this.inflight;
        continue;
      }
      if (this.pending.length === 0) return;
      if (!this.pendingWaiter) this.pendingWaiter = deferred();
      const p = this.pendingWaiter.promise;
      this.flush();
      await p;
    }
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.inflight !== null || this.pending.length === 0) return;
    const batch = this.pending;
    const waiter = this.pendingWaiter;
    this.pending = [];
    this.pendingWaiter = null;
    this.inflightWaiter = waiter;
    let p: Promise<void>;
    try {
      p = this.storage.write(batch);
    } catch (err) {
      p = Promise.reject(err);
    }
    this.inflight = p.then(
      () => {
        const w = this.inflightWaiter;
        this.inflight = null;
        this.inflightWaiter = null;
        this.lastError = null;
        this.writes++;
        this.written += batch.length;
        if (w) w.resolve();
        if (this.pending.length > 0) this.flush();
      },
      (err: unknown) => {
        const w = this.inflightWaiter;
        this.inflight = null;
        this.inflightWaiter = null;
        this.lastError = err;
        // Keep the failed batch in front of newer changes so storage converges.
        this.pending = batch.concat(this.pending);
        if (w) w.reject(toStorageError(err));
        this.armRetry();
      },
    );
  }

  private armRetry(): void {
    if (this.retryArmed) return;
    this.retryArmed = true;
    this.scheduler.at(this.schedulerNow() + WRITE_RETRY_MS, () => {
      this.retryArmed = false;
      if (this.inflight === null && this.pending.length > 0) this.flush();
    });
  }

  private schedulerNow(): number {
    return this.nowFn();
  }

  /** Set by the engine: its clock's now(). */
  nowFn: () => number = () => 0;
}

/** Wrap a storage failure as a retryable FlashQError. */
export function toStorageError(err: unknown): FlashQError {
  if (err instanceof FlashQError && err.retryable) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new FlashQError(`Storage write failed: ${msg}`, "DATABASE_ERROR", true, { cause: err });
}
