import { createEngine } from "../core/index.ts";
const clock = { now: () => Date.now(), setTimer: (f: () => void, ms: number) => setTimeout(f, ms), clearTimer: (h: unknown) => clearTimeout(h as number) };
async function run(cap: number, roc: boolean) {
  const engine = createEngine({ clock, tuning: { maxCompletedPerQueue: cap } });
  await engine.start();
  const N = 1_000_000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    engine.push("bench", { data: { i }, remove_on_complete: roc });
    const [job] = engine.tryPull("bench", 1);
    engine.ack(job.id);
  }
  console.log(cap, roc, Math.round(N / (performance.now() - t0) * 1000));
  await engine.stop();
}
for (let r = 0; r < 2; r++) for (const cap of [10000, 1000, 100]) await run(cap, false);
await run(10000, true);
