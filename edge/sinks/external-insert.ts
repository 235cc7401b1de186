/**
 * The one call both PostgreSQL sinks make: `insertExternalJobResults` (adapters/postgres),
 * plus a first-use fix-up — if the database has no flashQ schema yet (no server
 * has ever run against it), apply the migrations (concurrency-safe: an advisory
 * lock serialises migrators) and insert again. So an edge can take jobs before
 * the first server ever starts; that server then processes them.
 */
import { FlashQError } from "../../core/errors.ts";
import type { JobInput } from "../../core/types.ts";
import { createPostgresPort } from "../../adapters/postgres/driver.ts";
import { insertExternalJobResults, type ExternalResult } from "../../adapters/postgres/external-jobs.ts";
import { migrate } from "../../adapters/storage/migrations.ts";
import type { BatchItemError, BatchOutcome } from "../sink.ts";

export type { ExternalResult } from "../../adapters/postgres/external-jobs.ts";

/** The postgres.js client `insertExternalJobResults` takes (from `createPostgresClient`). */
export type PgClient = Parameters<typeof insertExternalJobResults>[0];

/**
 * Insert ≤ 1000 validated jobs into `queue`; resolves after COMMIT with each
 * input's id, or the engine's refusal of it (e.g. `DEBOUNCED`).
 */
export type ExternalInsert = (queue: string, inputs: readonly JobInput[], now: number) => Promise<ExternalResult[]>;

/** SQLSTATE 42P01 undefined_table / 42P01-like "relation does not exist" below a storage error. */
function missingSchema(err: unknown): boolean {
  const cause = err instanceof FlashQError ? err.details.cause : err;
  return typeof cause === "object" && cause !== null && (cause as { code?: unknown }).code === "42P01";
}

/**
 * Bind `insertExternalJobResults` to `sql`.
 * @param databaseUrl where to apply the migrations if the schema is missing
 *   (omit to report the missing schema instead).
 */
export function externalInsert(sql: PgClient, databaseUrl?: string): ExternalInsert {
  let migrated = false;
  return async (queue, inputs, now) => {
    try {
      return await insertExternalJobResults(sql, queue, inputs, now);
    } catch (err) {
      if (!missingSchema(err)) throw err;
      if (databaseUrl === undefined || migrated) {
        throw new FlashQError(`No flashQ schema in this database: start a flashQ server on it once (${(err as Error).message})`, "SERVICE_UNAVAILABLE", true, { cause: err });
      }
      migrated = true;
      const port = createPostgresPort(databaseUrl, { max: 1 });
      try {
        await migrate(port, now);
      } finally {
        await port.close();
      }
      return insertExternalJobResults(sql, queue, inputs, now);
    }
  };
}

/**
 * A batch's results as the server's batch reply has them: the ids of the jobs
 * (new or repeats) in input order, and each refused input as `{index, error, code}`.
 */
export function batchOutcome(results: readonly ExternalResult[]): BatchOutcome {
  const ids: number[] = [];
  let errors: BatchItemError[] | undefined;
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (typeof r === "number") ids.push(r);
    else (errors ??= []).push({ index: i, error: r.message, code: r.code });
  }
  return errors ? { ids, errors } : { ids };
}
