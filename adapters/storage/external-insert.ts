/**
 * Insert jobs as an edge producer does, through a {@link SqlPort} (PGlite, tests,
 * tools). The postgres.js edge path is `adapters/postgres/external-jobs.ts`.
 */
import { ValidationError } from "../../core/errors.ts";
import type { JobInput } from "../../core/types.ts";
import { externalRows } from "./external-job.ts";
import { toStorageError } from "./map-error.ts";
import { ID_BLOCK_SIZE } from "./migrations.ts";
import { INSERT_EXTERNAL, RESERVE_ONE_BLOCK } from "./queries.ts";
import type { SqlPort } from "./sql-port.ts";

/** Insert ≤ 1000 validated jobs into `queue` as external jobs and notify servers; returns their ids. */
export async function insertExternalViaPort(port: SqlPort, queue: string, inputs: readonly JobInput[], now: number): Promise<number[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > ID_BLOCK_SIZE) throw new ValidationError(`Batch too large: ${inputs.length} jobs (max ${ID_BLOCK_SIZE})`, "jobs");
  try {
    return await port.transaction(async (tx) => {
      const [block] = await tx.query<{ first: number }>(RESERVE_ONE_BLOCK);
      const first = Number(block!.first);
      await tx.query(INSERT_EXTERNAL, [externalRows(first, queue, inputs, now), queue]);
      return inputs.map((_, i) => first + i);
    });
  } catch (err) {
    throw toStorageError(err, "Inserting external jobs");
  }
}
