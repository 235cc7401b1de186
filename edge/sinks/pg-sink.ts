/**
 * Sink that writes jobs straight into PostgreSQL, for when no server is
 * reachable (or wanted) from the edge: ids from the shared sequence, rows that
 * servers take in, a NOTIFY on `flashq_jobs`, all in one transaction — the promise
 * resolves only after COMMIT. Servers LISTEN and take such rows in (also at start).
 *
 * The SQL lives in `adapters/postgres/external-jobs.ts` (the one folder that uses
 * postgres.js); this file only adapts it to the {@link Sink} port. One insert per
 * request: the workerd sink (a client per request); Bun/Deno use pg-group-sink.ts.
 */
import type { BatchOutcome, BatchRequest, PushedJob, PushRequest, Sink } from "../sink.ts";
import { batchOutcome, externalInsert, type PgClient } from "./external-insert.ts";

export type { PgClient } from "./external-insert.ts";

/** Options of {@link pgSink}. */
export interface PgSinkOptions {
  /** Epoch-ms clock for created_at / run_at (default Date.now). */
  now?: () => number;
  /** Apply the schema migrations here if the database has none yet. */
  databaseUrl?: string;
}

/** Create a sink inserting through `sql`. The caller owns (and ends) the client. */
export function pgSink(sql: PgClient, opts: PgSinkOptions = {}): Sink {
  const now = opts.now ?? Date.now;
  const insert = externalInsert(sql, opts.databaseUrl);
  return {
    kind: "pg",
    async push(req: PushRequest): Promise<PushedJob> {
      const [r] = await insert(req.queue, [req.input], now());
      if (typeof r !== "number") throw r; // the server's refusal (e.g. DEBOUNCED, 409)
      return { id: r };
    },
    async pushBatch(req: BatchRequest): Promise<BatchOutcome> {
      return batchOutcome(await insert(req.queue, req.inputs, now()));
    },
  };
}
