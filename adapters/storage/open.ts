/**
 * Chooses storage from a URL: unset → in-memory (the engine's default),
 * `postgres://…` / `postgresql://…` → PostgreSQL, `pglite://<dir>` → embedded
 * PGlite in `<dir>` (relative or absolute; `pglite://:memory:` keeps it in memory,
 * which is only useful for tests).
 *
 * For durable stores it migrates the schema, and returns an id source fed by the
 * shared sequence, already holding its first reserve.
 */
import type { IdSource, Storage } from "../../core/ports.ts";
import { ValidationError } from "../../core/errors.ts";
import { BlockIdSource, type BlockIdOptions } from "./id-blocks.ts";
import { toStorageError } from "./map-error.ts";
import { migrate } from "./migrations.ts";
import type { SqlPort } from "./sql-port.ts";
import { SqlStorage, type SqlStorageOptions } from "./sql-storage.ts";

/** Storage plus, for durable stores, the id source that never repeats ids across restarts. */
export interface OpenedStorage {
  storage?: Storage;
  ids?: IdSource;
}

/** Options for {@link openStorage}. */
export interface OpenStorageOptions extends SqlStorageOptions, BlockIdOptions {}

/** Open the SQL port a durable URL names, or null for in-memory. */
export async function openSqlPort(url: string): Promise<SqlPort> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { createPostgresPort } = await import("../postgres/driver.ts");
    const { noDelaySocket } = await import("../postgres/nodelay-socket.ts");
    return createPostgresPort(url, { socket: noDelaySocket() });
  }
  if (url.startsWith("pglite://")) {
    const dir = url.slice("pglite://".length);
    const { createPglitePort } = await import("./pglite-driver.ts");
    return createPglitePort(dir === "" || dir === ":memory:" ? undefined : dir);
  }
  throw new ValidationError(`Unsupported DATABASE_URL scheme: ${url.split(":")[0]}`, "DATABASE_URL");
}

/**
 * Make a durable storage over an open port: migrate, then reserve the first ids.
 * Closes the port if that fails.
 */
export async function openSqlStorage(port: SqlPort, options: OpenStorageOptions = {}): Promise<Required<OpenedStorage>> {
  try {
    await migrate(port, Date.now());
    const ids = new BlockIdSource(port, options);
    await ids.start();
    return { storage: new SqlStorage(port, options), ids };
  } catch (err) {
    await port.close().catch(() => {});
    throw toStorageError(err, "Opening storage");
  }
}

/**
 * Open the storage a `DATABASE_URL` names.
 * @example
 * const { storage, ids } = await openStorage(process.env.DATABASE_URL);
 * const engine = createEngine({ clock, storage, ids });
 */
export async function openStorage(url: string | undefined, options: OpenStorageOptions = {}): Promise<OpenedStorage> {
  if (!url) return {};
  return openSqlStorage(await openSqlPort(url), options);
}
