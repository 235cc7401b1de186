/**
 * Runs ./engine-memory.ts in a fresh `--expose-gc` child: bytes per waiting job of the bare
 * in-process engine (labelled as such in the table; the primary figure is the server's).
 */
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { forkTs, stopChild, waitMessage } from "../lib/child.ts";
import type { MemoryResult } from "../lib/types.ts";

const SCRIPT = fileURLToPath(new URL("./engine-memory.ts", import.meta.url));
const ENGINE = fileURLToPath(new URL("../../core/engine.ts", import.meta.url));

/** Measure the in-process engine; throws when the engine is absent or fails. */
export async function measureEngineMemory(jobs: number, budgetMs: number): Promise<MemoryResult> {
  if (!existsSync(ENGINE)) throw new Error("core/engine.ts not present");
  const child = forkTs(SCRIPT, { nodeArgs: ["--expose-gc"] });
  try {
    child.send({ jobs });
    const m = await waitMessage<{ result?: Record<string, number>; error?: string }>(child, budgetMs, (x) => x?.result || x?.error);
    if (!m.result) throw new Error(m.error ?? "no result");
    const { bytesPerJob, ...details } = m.result;
    return { jobs, bytesPerJob, basis: "in-process engine (heapUsed+external) delta after gc", details };
  } finally {
    await stopChild(child, 1000);
  }
}
