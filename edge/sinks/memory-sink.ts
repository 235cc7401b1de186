/**
 * An in-memory sink: ids from a counter, jobs kept in arrays, the same
 * idempotency rules as the durable sinks (a repeated `job_id`, or `unique_key`
 * in the same queue, resolves to the original id). For local development, the
 * producer's own tests and benchmarks (pure producer overhead); not durable.
 */
import type { JobInput } from "../../core/types.ts";
import type { BatchOutcome, BatchRequest, PushedJob, PushRequest, Sink } from "../sink.ts";

/** A job the memory sink holds. */
export interface HeldJob {
  id: number;
  queue: string;
  input: JobInput;
}

/** The memory sink plus what it holds. */
export interface MemorySink extends Sink {
  readonly jobs: HeldJob[];
}

/** Create an empty memory sink; ids start at `firstId`. */
export function memorySink(firstId = 1): MemorySink {
  let next = firstId;
  const jobs: HeldJob[] = [];
  const byCustomId = new Map<string, number>();
  const byUniqueKey = new Map<string, number>();

  function add(queue: string, input: JobInput): { id: number; duplicate: boolean } {
    const cid = input.job_id;
    if (cid !== undefined) {
      const held = byCustomId.get(cid);
      if (held !== undefined) return { id: held, duplicate: true };
    }
    const uk = input.unique_key === undefined ? undefined : `${queue}\u0000${input.unique_key}`;
    if (uk !== undefined) {
      const held = byUniqueKey.get(uk);
      if (held !== undefined) return { id: held, duplicate: true };
    }
    const id = next++;
    jobs.push({ id, queue, input });
    if (cid !== undefined) byCustomId.set(cid, id);
    if (uk !== undefined) byUniqueKey.set(uk, id);
    return { id, duplicate: false };
  }

  return {
    kind: "memory",
    jobs,
    async push(req: PushRequest): Promise<PushedJob> {
      const r = add(req.queue, req.input);
      return r.duplicate ? { id: r.id, duplicate: true } : { id: r.id };
    },
    async pushBatch(req: BatchRequest): Promise<BatchOutcome> {
      const ids: number[] = new Array(req.inputs.length);
      for (let i = 0; i < req.inputs.length; i++) ids[i] = add(req.queue, req.inputs[i]!).id;
      return { ids };
    },
  };
}
