/**
 * Chooses storage from a URL: unset → in-memory (the engine's default),
 * `postgres://…` → PostgreSQL, `pglite://<dir>` → embedded PGlite.
 * (Placeholder until the durable adapters land: only the in-memory choice works.)
 */
import type { IdSource, Storage } from "../../core/ports.ts";
import { ValidationError } from "../../core/errors.ts";

/** Storage plus, for durable stores, the id source that never repeats ids across restarts. */
export interface OpenedStorage {
  storage?: Storage;
  ids?: IdSource;
}

/** Open the storage a `DATABASE_URL` names. */
export async function openStorage(url: string | undefined): Promise<OpenedStorage> {
  if (!url) return {};
  throw new ValidationError(`Unsupported DATABASE_URL: ${url.split(":")[0]}`, "DATABASE_URL");
}
