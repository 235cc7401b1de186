/**
 * The {@link SqlPort} over postgres.js — the only folder that imports it.
 *
 * Type parsers are chosen explicitly: `int8` (ids, epoch-ms times) parses to a JS
 * number; nothing else is fetched (`fetch_types: false`: the storage passes only
 * strings and numbers, arrays travel as JSON). Statements are prepared (named,
 * per connection). postgres.js reconnects by itself: after PostgreSQL comes back,
 * the next query opens a fresh connection, and LISTEN is re-issued.
 */
import postgres from "postgres";
import type { SqlParam, SqlPort, SqlQueryable, SqlRow } from "../storage/sql-port.ts";
import { copyIn } from "./copy-in.ts";

/** Options for {@link createPostgresPort}. */
export interface PostgresPortOptions {
  /** Pool size (default 4: a writer, the id refill, and load-ahead; LISTEN has its own). */
  max?: number;
  /** Seconds to wait for a connection before failing (default 5). */
  connectTimeoutSec?: number;
  /**
   * postgres.js's `socket` option: a socket factory (see there). The server passes
   * `noDelaySocket` (./nodelay-socket.ts) so that COPY does not stall on Nagle.
   */
  socket?: (target: { host: string[]; port: number[]; path?: string | false }) => unknown;
}

/** int8 → number. Ids and epoch-ms times stay far below 2^53. */
const INT8_AS_NUMBER = {
  to: 20,
  from: [20],
  serialize: (x: number) => String(x),
  parse: (x: string) => Number(x),
};

/** The postgres.js client type this driver creates. */
export type Sql = postgres.Sql<{ int8: number }>;

function queryable(sql: postgres.Sql | postgres.TransactionSql): SqlQueryable {
  return {
    query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlParam[] = []): Promise<R[]> {
      return sql.unsafe(text, params as SqlParam[], { prepare: true }) as unknown as Promise<R[]>;
    },
  };
}

/**
 * A plain postgres.js client with the same type choices, for callers that need
 * the driver itself (the edge's `insertExternalJobs`, tests) without importing it.
 */
export function createPostgresClient(url: string, options: PostgresPortOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 4,
    connect_timeout: options.connectTimeoutSec ?? 5,
    ...(options.socket ? { socket: options.socket as never } : {}),
    prepare: true,
    fetch_types: false,
    types: { int8: INT8_AS_NUMBER },
    onnotice: () => {},
    connection: { application_name: "flashq" },
  });
}

/**
 * Open a pool to PostgreSQL behind the SQL port. No connection is made until the
 * first query.
 * @example
 * const port = createPostgresPort("postgres://postgres@127.0.0.1:5432/flashq");
 */
export function createPostgresPort(url: string, options: PostgresPortOptions = {}): SqlPort {
  const sql = createPostgresClient(url, options);
  const q = queryable(sql as unknown as postgres.Sql);
  return {
    dialect: "postgres",
    query: q.query,
    transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      return sql.begin((tx) => fn(queryable(tx as unknown as postgres.TransactionSql))) as Promise<T>;
    },
    // COPY ends with a small separate message that Nagle would hold back 40 ms.
    ...(options.socket ? { copyIn: (statement: string, next: () => string | null) => copyIn(sql, statement, next) } : {}),
    async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
      // postgres.js re-issues LISTEN after a reconnect and then calls `onlisten`:
      // notifications sent while disconnected are lost, so report "maybe new rows".
      let first = true;
      const req = await sql.listen(
        channel,
        () => onNotify(),
        () => {
          if (first) first = false;
          else onNotify();
        },
      );
      return () => req.unlisten();
    },
    close(): Promise<void> {
      return sql.end({ timeout: 5 });
    },
  };
}
