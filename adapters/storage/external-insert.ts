/**
 * Insert jobs as an edge producer does, through a {@link SqlPort} (PGlite, tests,
 * tools). The postgres.js edge path is `adapters/postgres/external-jobs.ts`.
 */
import { ValidationError } from "../../core/errors.ts";
import type { JobInput } from "../../core/types.ts";
import { batchKeys, planExternal, unnumberedRows, type KeyHolder } from "./external-job.ts";
import { toStorageError } from "./map-error.ts";
import { ID_BLOCK_SIZE } from "./migrations.ts";
import {
  FIND_EXTERNAL_DUPLICATES,
  INSERT_EXTERNAL,
  INSERT_EXTERNAL_NUMBERED,
  LOCK_EXTERNAL_KEYS,
  RESERVE_ONE_BLOCK,
} from "./queries.ts";
import type { SqlPort, SqlRow } from "./sql-port.ts";

/**
 * Insert ≤ 1000 validated jobs into `queue` as external jobs and notify servers;
 * returns their ids. A job whose custom id (or unique key) a live job holds is not
 * inserted: its id is that job's.
 */
export async function insertExternalViaPort(port: SqlPort, queue: string, inputs: readonly JobInput[], now: number): Promise<number[]> {
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
      const holders = await tx.query<KeyHolder & SqlRow>(FIND_EXTERNAL_DUPLICATES, [keys.customIds, keys.uniqueKeys, queue]);
      const [block] = await tx.query<{ first: number }>(RESERVE_ONE_BLOCK);
      const plan = planExternal(Number(block!.first), queue, inputs, holders, now);
      if (plan.rows !== null) await tx.query(INSERT_EXTERNAL, [plan.rows, queue]);
      return plan.ids;
    });
  } catch (err) {
    throw toStorageError(err, "Inserting external jobs");
  }
}
