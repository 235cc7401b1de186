/**
 * Edge producers insert jobs straight into PostgreSQL (so producers keep
 * accepting work while servers restart); servers LISTEN on `flashq_jobs` and take
 * the rows in (flashq_external → flashq_jobs, see `Storage.takeExternal`).
 *
 * Free of Node-only imports: it runs in workerd with a per-request postgres.js
 * client. Ids come from the shared sequence: one `nextval` = one block of
 * ID_BLOCK_SIZE (1000) ids, enough for a whole batch.
 */
import type postgres from "postgres";
import { ValidationError } from "../../core/errors.ts";
import type { JobInput } from "../../core/types.ts";
import { externalRows } from "../storage/external-job.ts";
import { ID_BLOCK_SIZE } from "../storage/migrations.ts";
import { toStorageError } from "../storage/map-error.ts";

/** Structural view of a postgres.js client (any `TTypes`), so callers pass theirs. */
type SqlLike = Pick<postgres.Sql, "begin">;

/**
 * Insert `inputs` (≤ 1000, already validated) into `queue` as external jobs and
 * NOTIFY servers, in one transaction. Returns the ids, in input order.
 * @param now epoch ms from the caller's clock (created_at / run_at base).
 * @example
 * const sql = postgres(env.DATABASE_URL, { max: 1, fetch_types: false });
 * const ids = await insertExternalJobs(sql, "emails", [{ data: { to: "a@b.c" } }], Date.now());
 * await sql.end();
 */
export async function insertExternalJobs(sql: SqlLike, queue: string, inputs: readonly JobInput[], now: number): Promise<number[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > ID_BLOCK_SIZE) {
    throw new ValidationError(`Batch too large: ${inputs.length} jobs (max ${ID_BLOCK_SIZE})`, "jobs");
  }
  try {
    return (await sql.begin(async (tx) => {
      const [block] = await tx`select nextval('flashq_job_id_seq')::text as first`;
      const first = Number(block!.first);
      const rows = externalRows(first, queue, inputs, now);
      await tx`insert into flashq_external (id, queue, body)
        select i, q, b::text from json_to_recordset(${rows}::text::json) as x(i bigint, q text, b json)`;
      await tx`select pg_notify('flashq_jobs', ${queue})`;
      return inputs.map((_, i) => first + i);
    })) as number[];
  } catch (err) {
    throw toStorageError(err, "Inserting external jobs");
  }
}
