/**
 * Insert jobs as an edge producer does, through a {@link SqlPort} (PGlite, tests,
 * tools). The postgres.js edge path is `adapters/postgres/external-jobs.ts`.
 */
import { ValidationError } from "../../core/errors.ts";
import type { JobInput } from "../../core/types.ts";
import { DEBOUNCE_PRUNE_LIMIT, DebounceWindows, type DebounceRow } from "./external-debounce.ts";
import { batchKeys, planExternal, unnumberedRows, type ExternalResult, type KeyHolder } from "./external-job.ts";
import { toStorageError } from "./map-error.ts";
import { ID_BLOCK_SIZE } from "./migrations.ts";
import {
  FIND_DEBOUNCE,
  FIND_EXTERNAL_DUPLICATES,
  INSERT_EXTERNAL,
  INSERT_EXTERNAL_NUMBERED,
  LOCK_EXTERNAL_KEYS,
  RESERVE_ONE_BLOCK,
  UPSERT_DEBOUNCE,
} from "./queries.ts";
import type { SqlPort, SqlRow } from "./sql-port.ts";

/**
 * Insert ≤ 1000 validated jobs into `queue` as external jobs and notify servers;
 * each input's outcome, in order: its id (a job whose custom id or unique key a
 * live job holds is not inserted: its id is that job's), or the engine's refusal
 * (`DEBOUNCED`, an empty key). See `insertExternalJobResults` (postgres.js).
 */
export async function insertExternalResultsViaPort(port: SqlPort, queue: string, inputs: readonly JobInput[], now: number): Promise<ExternalResult[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > ID_BLOCK_SIZE) throw new ValidationError(`Batch too large: ${inputs.length} jobs (max ${ID_BLOCK_SIZE})`, "jobs");
  try {
    const keys = batchKeys(inputs);
    if (keys === null) {
      const [r] = await port.query<{ first: number }>(INSERT_EXTERNAL_NUMBERED, [unnumberedRows(queue, inputs, now), queue]);
      const first = Number(r!.first);
      return inputs.map((_, i) => first + i);
    }
    return await port.transaction(async (tx) => {
      await tx.query(LOCK_EXTERNAL_KEYS);
      const noKeys = keys.customIds === "[]" && keys.uniqueKeys === "[]";
      const holders = noKeys ? [] : await tx.query<KeyHolder & SqlRow>(FIND_EXTERNAL_DUPLICATES, [keys.customIds, keys.uniqueKeys, queue]);
      let windows: DebounceWindows | undefined;
      if (keys.debounceIds !== null) {
        const rows = await tx.query<DebounceRow & SqlRow>(FIND_DEBOUNCE, [queue, keys.debounceIds, now, DEBOUNCE_PRUNE_LIMIT]);
        windows = new DebounceWindows(rows, now);
      }
      const [block] = await tx.query<{ first: number }>(RESERVE_ONE_BLOCK);
      const plan = planExternal(Number(block!.first), queue, inputs, holders, now, windows);
      const writes = windows?.writes() ?? null;
      if (writes !== null) await tx.query(UPSERT_DEBOUNCE, [queue, writes]);
      if (plan.rows !== null) await tx.query(INSERT_EXTERNAL, [plan.rows, queue]);
      return plan.results;
    });
  } catch (err) {
    throw toStorageError(err, "Inserting external jobs");
  }
}

/** {@link insertExternalResultsViaPort} returning ids: the first refused input's error is thrown (the others were committed). */
export async function insertExternalViaPort(port: SqlPort, queue: string, inputs: readonly JobInput[], now: number): Promise<number[]> {
  const results = await insertExternalResultsViaPort(port, queue, inputs, now);
  for (const r of results) if (typeof r !== "number") throw r;
  return results as number[];
}
