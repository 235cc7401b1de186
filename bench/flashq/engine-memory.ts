/**
 * Child-process script: bytes per waiting job in a bare in-process engine (no server, no
 * sockets), the fallback/companion of the server-process memory figure. Run with
 * `--expose-gc` under fork; reads `{jobs}` from IPC, replies `{result}` or `{error}`.
 */
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface EngineLike {
  start(): Promise<void>;
  stop(): Promise<void>;
  pushBatch(queue: string, inputs: Array<{ data: unknown }>): unknown[];
}

async function measure(jobs: number): Promise<Record<string, number>> {
  const { createEngine } = (await import(`${ROOT}core/engine.ts`)) as { createEngine: (o: object) => EngineLike };
  const { ManualClock } = (await import(`${ROOT}core/manual-clock.ts`)) as { ManualClock: new (t: number) => object };
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const engine = createEngine({ clock: new ManualClock(Date.now()) });
  await engine.start();
  engine.pushBatch("bench-mem", [{ data: { i: 0 } }]);
  gc();
  gc();
  const before = process.memoryUsage();
  for (let done = 0; done < jobs; done += 1000) {
    const batch = new Array(Math.min(1000, jobs - done));
    for (let i = 0; i < batch.length; i++) batch[i] = { data: { i: done + i } };
    engine.pushBatch("bench-mem", batch);
  }
  gc();
  gc();
  const after = process.memoryUsage();
  const heap = after.heapUsed + after.external - before.heapUsed - before.external;
  await engine.stop();
  return { jobs, bytesPerJob: Math.round(heap / jobs), heapUsedDelta: after.heapUsed - before.heapUsed, externalDelta: after.external - before.external, rssDelta: after.rss - before.rss, rssBytesPerJob: Math.round((after.rss - before.rss) / jobs) };
}

process.once("message", (m: unknown) => {
  const jobs = (m as { jobs?: number })?.jobs ?? 1_000_000;
  measure(jobs).then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (err: Error) => process.send?.({ error: err.message }, () => process.exit(0)),
  );
});
