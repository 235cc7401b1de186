/**
 * Sink that writes jobs straight into PostgreSQL, for when no server is
 * reachable (or wanted) from the edge: ids from the shared sequence, rows in state
 * `external`, a NOTIFY on `flashq_jobs`, all in one transaction — the promise
 * resolves only after COMMIT. Servers LISTEN and take such rows in (also at start).
 *
 * The SQL lives in `adapters/postgres/external-jobs.ts` (the one folder that uses
 * postgres.js); this file only adapts it to the {@link Sink} port.
 */
import { insertExternalJobs } from "../../adapters/postgres/external-jobs.ts";
import type { BatchOutcome, BatchRequest, PushedJob, PushRequest, Sink } from "../sink.ts";

/** The postgres.js client `insertExternalJobs` takes (from `createPostgresClient`). */
export type PgClient = Parameters<typeof insertExternalJobs>[0];

/** Options of {@link pgSink}. */
export interface PgSinkOptions {
  /** Epoch-ms clock for created_at / run_at (default Date.now). */
  now?: () => number;
}

/** Create a sink inserting through `sql`. The caller owns (and ends) the client. */
export function pgSink(sql: PgClient, opts: PgSinkOptions = {}): Sink {
  const now = opts.now ?? Date.now;
  return {
    kind: "pg",
    async push(req: PushRequest): Promise<PushedJob> {
      const [id] = await insertExternalJobs(sql, req.queue, [req.input], now());
      return { id: id! };
    },
    async pushBatch(req: BatchRequest): Promise<BatchOutcome> {
      return { ids: await insertExternalJobs(sql, req.queue, req.inputs, now()) };
    },
  };
}
