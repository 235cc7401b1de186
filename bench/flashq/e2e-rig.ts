/**
 * The end-to-end workload's rig, shared by the bench and its diagnostics: a producer client
 * and an idle SDK Worker (concurrency 1) on one queue. `sample(i)` pushes one job and
 * returns the time from the push call until the Worker's processor runs, in ms; it returns
 * once the job has completed, so the next sample starts with the Worker idle again.
 */
import type { Sdk } from "./sdk.ts";
import { log } from "../lib/progress.ts";
import { smallPayload } from "../lib/types.ts";
import { sleep } from "../lib/timebox.ts";

export interface E2eRig {
  sample(i: number): Promise<number>;
  close(): Promise<void>;
}

/** Connect a producer and start an idle Worker on `queue`; waits `settleMs` for its first pull. */
export async function openE2eRig(sdk: Sdk, opts: object, queue: string, label: string, settleMs = 300): Promise<E2eRig> {
  const client = new sdk.FlashQ(opts);
  await client.connect();
  let onRun: ((t: number) => void) | undefined;
  let onDone: (() => void) | undefined;
  const worker = new sdk.Worker(queue, async () => onRun?.(performance.now()), { ...opts, concurrency: 1, autorun: false });
  worker.on("completed", () => onDone?.());
  worker.on("error", (err: Error) => log(`${label} worker error: ${err?.message ?? err}`));
  void worker.start().catch((err: Error) => log(`${label} worker start failed: ${err.message}`));
  await sleep(settleMs);
  return {
    async sample(i: number): Promise<number> {
      const ran = new Promise<number>((r) => (onRun = r));
      const completed = new Promise<void>((r) => (onDone = r));
      const t0 = performance.now();
      await client.push(queue, smallPayload(i));
      const t1 = await ran;
      await completed;
      return t1 - t0;
    },
    async close(): Promise<void> {
      await worker.close(true).catch(() => {});
      await client.close();
    },
  };
}
