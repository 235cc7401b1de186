/**
 * The {@link SqlPort} over PGlite: PostgreSQL compiled to WASM, running in this
 * process on a data directory (durability without a database server). One
 * connection; PGlite queues queries itself. int8 parses to a JS number, as with
 * the postgres.js driver.
 *
 * Why it survives `kill -9`: PGlite's Node file system writes straight through to
 * the data directory, so a committed transaction is in the OS's hands when the
 * query resolves (the crash tests check this).
 */
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { SqlParam, SqlPort, SqlQueryable, SqlRow } from "./sql-port.ts";

const PARSERS = { 20: (x: string) => Number(x) };

interface Runner {
  query<T>(text: string, params?: unknown[], options?: { parsers?: typeof PARSERS }): Promise<{ rows: T[] }>;
}

function queryable(db: Runner): SqlQueryable {
  return {
    async query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlParam[] = []): Promise<R[]> {
      const res = await db.query<R>(text, params as SqlParam[], { parsers: PARSERS });
      return res.rows;
    },
  };
}

/**
 * Open (creating if needed) a PGlite database in `dataDir`; no directory = in memory.
 * @example
 * const port = await createPglitePort("./data/flashq");
 */
export async function createPglitePort(dataDir: string | undefined): Promise<SqlPort> {
  // PGlite creates only the last directory level itself.
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir, { parsers: PARSERS });
  await db.waitReady;
  const q = queryable(db);
  return {
    dialect: "pglite",
    query: q.query,
    transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      return db.transaction((tx) => fn(queryable(tx)));
    },
    async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
      const unlisten = await db.listen(channel, () => onNotify());
      return () => unlisten();
    },
    async close(): Promise<void> {
      if (!db.closed) await db.close();
    },
  };
}
