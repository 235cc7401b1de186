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
import { DEBOUNCE_PRUNE_LIMIT, DebounceWindows, type DebounceRow } from "../storage/external-debounce.ts";
import { batchKeys, planExternal, unnumberedRows, type ExternalResult, type KeyHolder } from "../storage/external-job.ts";
import { ID_BLOCK_SIZE } from "../storage/migrations.ts";
import { toStorageError } from "../storage/map-error.ts";

export type { ExternalResult } from "../storage/external-job.ts";

/** A postgres.js client with any custom types (callers pass theirs, e.g. from `createPostgresClient`). */
// deno-lint-ignore no-explicit-any
type SqlLike = postgres.Sql<any>;

/**
 * Insert `inputs` (≤ 1000, already validated) into `queue` as external jobs and
 * NOTIFY servers, in one transaction; resolves after COMMIT with each input's
 * outcome, in input order:
 * - a job id: the new job's, or — when a live job (or an earlier input of the
 *   batch) holds its custom id (job_id) or unique key — that job's, not inserted
 *   again (a retried push answers the original id);
 * - the engine's refusal (not inserted): `DEBOUNCED` when its debounce_id was
 *   pushed to the queue within its window (`flashq_debounce`, shared by every
 *   producer), `VALIDATION_ERROR` for an empty job_id / unique_key / group_id /
 *   debounce_id.
 * @param now epoch ms from the caller's clock (created_at / run_at base, debounce windows).
 * @example
 * const sql = postgres(env.DATABASE_URL, { max: 1, fetch_types: false });
 * const [id] = await insertExternalJobResults(sql, "emails", [{ data: { to: "a@b.c" } }], Date.now());
 * await sql.end();
 */
export async function insertExternalJobResults(sql: SqlLike, queue: string, inputs: readonly JobInput[], now: number): Promise<ExternalResult[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > ID_BLOCK_SIZE) {
    throw new ValidationError(`Batch too large: ${inputs.length} jobs (max ${ID_BLOCK_SIZE})`, "jobs");
  }
  try {
    const keys = batchKeys(inputs);
    if (keys === null) {
      // No keys to look up: one statement, one round trip (block, numbered rows, NOTIFY).
      const rows = unnumberedRows(queue, inputs, now);
      const [r] = await sql`with blk as (select nextval('flashq_job_id_seq') as first),
        ins as (
          insert into flashq_external (id, queue, state, body)
          select blk.first + x.o - 1, x.q, x.s, x.b
            from blk, rows from (json_to_recordset(${rows}::text::json) as (q text, s text, b text)) with ordinality as x(q, s, b, o)
          returning id),
        note as (select pg_notify('flashq_jobs', ${queue}))
        select (select first from blk)::text as first, (select count(*) from ins) as n, (select count(*) from note) as notified`;
      const first = Number((r as { first: string }).first);
      return inputs.map((_, i) => first + i);
    }
    return (await sql.begin(async (tx) => {
      // Serialise keyed / debounced inserts, then answer duplicates with the live job's id.
      await tx`select pg_advisory_xact_lock(7364851624)`;
      const noKeys = keys.customIds === "[]" && keys.uniqueKeys === "[]";
      const holders = noKeys ? [] : ((await tx`select 'c' as kind, custom_id as key, id::text as id from flashq_jobs
            where custom_id in (select value from json_array_elements_text(${keys.customIds}::text::json))
          union all select 'c', custom_id, id::text from flashq_external
            where custom_id in (select value from json_array_elements_text(${keys.customIds}::text::json))
          union all select 'u', unique_key, id::text from flashq_jobs
            where queue = ${queue} and unique_key in (select value from json_array_elements_text(${keys.uniqueKeys}::text::json))
              and state not in ('completed', 'failed')
          union all select 'u', unique_key, id::text from flashq_external
            where queue = ${queue} and unique_key in (select value from json_array_elements_text(${keys.uniqueKeys}::text::json))`) as unknown as KeyHolder[]);
      let windows: DebounceWindows | undefined;
      if (keys.debounceIds !== null) {
        // This batch's windows; expired ones (of any queue, a bounded number) are deleted on
        // the way (the select still sees them, and DebounceWindows ignores them).
        const rows = (await tx`with pruned as (delete from flashq_debounce where ctid = any(array(
              select ctid from flashq_debounce where until_ms <= ${now}::float8 limit ${DEBOUNCE_PRUNE_LIMIT})))
            select debounce_id as d, until_ms::text as t from flashq_debounce
            where queue = ${queue} and debounce_id in (select value from json_array_elements_text(${keys.debounceIds}::text::json))`) as unknown as DebounceRow[];
        windows = new DebounceWindows(rows, now);
      }
      const [block] = await tx`select nextval('flashq_job_id_seq')::text as first`;
      const plan = planExternal(Number(block!.first), queue, inputs, holders, now, windows);
      const writes = windows?.writes() ?? null;
      if (writes !== null) {
        await tx`insert into flashq_debounce (queue, debounce_id, until_ms)
          select ${queue}, d, t from json_to_recordset(${writes}::text::json) as x(d text, t bigint)
          on conflict (queue, debounce_id) do update set until_ms = excluded.until_ms`;
      }
      if (plan.rows !== null) {
        await tx`insert into flashq_external (id, queue, state, custom_id, unique_key, body)
          select i, q, s, k, u, b
            from json_to_recordset(${plan.rows}::text::json) as x(i bigint, q text, s text, k text, u text, b text)`;
        await tx`select pg_notify('flashq_jobs', ${queue})`;
      }
      return plan.results;
    })) as ExternalResult[];
  } catch (err) {
    throw toStorageError(err, "Inserting external jobs");
  }
}

/**
 * {@link insertExternalJobResults} for callers that expect only ids: the same
 * insert, then the first refused input's error is thrown (the others were committed).
 */
export async function insertExternalJobs(sql: SqlLike, queue: string, inputs: readonly JobInput[], now: number): Promise<number[]> {
  const results = await insertExternalJobResults(sql, queue, inputs, now);
  for (const r of results) if (typeof r !== "number") throw r;
  return results as number[];
}
