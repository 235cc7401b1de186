/**
 * The PostgreSQL sink with group commit, for long-lived processes (Bun, Deno,
 * Node) that share one pool between requests: single pushes that arrive while
 * earlier inserts are in flight are gathered per queue and written by one
 * `insertExternalJobs` call — one transaction, one id block, one NOTIFY — and
 * each request is answered after that commit. Under load this turns N round
 * trips into one; an idle producer still writes a lone push at once.
 *
 * A group that fails with a non-retryable error is retried job by job, so one
 * job PostgreSQL refuses fails alone. Not for workerd (no shared client there).
 */
import { FlashQError } from "../../core/errors.ts";
import type { JobInput } from "../../core/types.ts";
import type { BatchOutcome, BatchRequest, PushedJob, PushRequest, Sink } from "../sink.ts";
import { batchOutcome, externalInsert, type PgClient } from "./external-insert.ts";

/** Options of {@link pgGroupSink}. */
export interface PgGroupSinkOptions {
  /** Inserts in flight at once (≤ the pool size; default 4). */
  maxInFlight?: number;
  /** Most jobs per group (≤ 1000, one id block; default 1000). */
  maxGroup?: number;
  now?: () => number;
  /** Apply the schema migrations here if the database has none yet. */
  databaseUrl?: string;
}

interface Waiting {
  input: JobInput;
  resolve(job: PushedJob): void;
  reject(err: unknown): void;
}

/** Create a group-committing sink over `sql` (a pool; the caller ends it). */
export function pgGroupSink(sql: PgClient, opts: PgGroupSinkOptions = {}): Sink {
  const maxInFlight = Math.max(1, opts.maxInFlight ?? 4);
  const maxGroup = Math.min(1000, Math.max(1, opts.maxGroup ?? 1000));
  const now = opts.now ?? Date.now;
  const insert = externalInsert(sql, opts.databaseUrl);
  const pending = new Map<string, Waiting[]>();
  let inFlight = 0;

  async function write(queue: string, group: Waiting[]): Promise<void> {
    try {
      const results = await insert(queue, group.map((w) => w.input), now());
      for (let i = 0; i < group.length; i++) {
        const r = results[i]!;
        // A refused push (e.g. DEBOUNCED) fails alone; the group's others are committed.
        if (typeof r === "number") group[i]!.resolve({ id: r });
        else group[i]!.reject(r);
      }
    } catch (err) {
      const retryable = err instanceof FlashQError && err.retryable;
      if (group.length === 1 || retryable) {
        for (const w of group) w.reject(err);
        return;
      }
      // Find the job(s) PostgreSQL refuses: each alone, in order.
      for (const w of group) await write(queue, [w]);
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && pending.size > 0) {
      const [queue, list] = pending.entries().next().value as [string, Waiting[]];
      const group = list.length <= maxGroup ? list : list.splice(0, maxGroup);
      if (group === list) pending.delete(queue);
      else {
        // Round-robin between queues: the rest goes to the back.
        pending.delete(queue);
        pending.set(queue, list);
      }
      inFlight++;
      void write(queue, group).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    kind: "pg",
    push(req: PushRequest): Promise<PushedJob> {
      return new Promise<PushedJob>((resolve, reject) => {
        const list = pending.get(req.queue);
        const w: Waiting = { input: req.input, resolve, reject };
        if (list === undefined) pending.set(req.queue, [w]);
        else list.push(w);
        pump();
      });
    },
    async pushBatch(req: BatchRequest): Promise<BatchOutcome> {
      return batchOutcome(await insert(req.queue, req.inputs, now()));
    },
  };
}
