/**
 * The tiny SQL port the durable storage is written against, once. Two drivers
 * implement it: postgres.js (`adapters/postgres/driver.ts`) and the embedded PGlite
 * (`adapters/storage/pglite-driver.ts`). No driver type crosses it.
 *
 * Parameters are strings, numbers or null only: arrays and records travel as JSON
 * text and are unpacked in SQL (`json_to_recordset`, `json_array_elements_text`),
 * which keeps both drivers' serialisation identical and costs one `JSON.stringify`
 * per batch instead of one escape per array element.
 * `bigint` columns come back as JS numbers (epoch ms and ids stay below 2^53).
 */

/** A value a query parameter may take. */
export type SqlParam = string | number | null;

/** A row as a driver returns it. */
export type SqlRow = Record<string, unknown>;

/** Something that runs one statement. */
export interface SqlQueryable {
  /** Run one statement (no `;`-separated scripts) and return its rows. */
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly SqlParam[]): Promise<R[]>;
}

/** A database connection (pool) as the storage sees it. */
export interface SqlPort extends SqlQueryable {
  /** Which engine is behind the port, for the few things that differ (none in SQL). */
  readonly dialect: "postgres" | "pglite";
  /** Run `fn` inside one transaction on one connection; commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /**
   * Optional (postgres.js with Nagle off): run `statement`, a `COPY … FROM STDIN` in
   * text format, in a transaction of its own, writing the chunks `next()` returns
   * until it returns null, then commit. Rejects when anything fails, and then nothing
   * was written. Ports without it get plain INSERTs.
   */
  copyIn?(statement: string, next: () => string | null): Promise<void>;
  /** LISTEN on `channel`; `onNotify` runs for every NOTIFY. Resolves to an unlisten function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** Release every connection. */
  close(): Promise<void>;
}
