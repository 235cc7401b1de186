import { createEngine, ManualClock } from "../core/index.ts";
async function run(start: number, label: string) {
  const clock = new ManualClock(start);
  const engine = createEngine({ clock });
  await engine.start();
  const N = 1_000_000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    engine.push("bench", { data: { i } });
    const [job] = engine.tryPull("bench", 1);
    engine.ack(job.id);
  }
  const t1 = performance.now();
  console.log(label, Math.round(N / (t1 - t0) * 1000));
}
for (let r = 0; r < 3; r++) { await run(1000, "smi-time"); await run(1_700_000_000_000, "epoch-time"); }
