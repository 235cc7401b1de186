/**
 * In-process engine throughput: push → pull → ack of N jobs (default 1M), no
 * server, no sockets. Phases:
 *   1. batch:  pushBatch of 1000 at a time, then pull (1000) + ackBatch until empty;
 *   2. stream: pushBatch 1000 → pull 1000 → ackBatch, repeated (no backlog);
 *   3. single: push, tryPull(1), ack — one job per cycle.
 * The backlog phase keeps 1M jobs alive at once, so it measures the GC as much as the engine.
 * Run: `node --import tsx bench/engine.ts [jobs]`. `runEngineBench()` returns the figures
 * (bench/run.ts calls it).
 */
import { createEngine } from "../core/index.ts";
import type { Clock } from "../core/index.ts";

/** Wall clock for the bench (adapters provide the real one; this keeps the bench standalone). */
const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Figures of one run. */
export interface EngineBenchResult {
  jobs: number;
  /** The target (≥ 1M push → pull → ack cycles/s) against each way of driving the engine. */
  summary: { targetCyclesPerSec: number; backlog: number; stream: number; single: number };
  batch: { pushPerSec: number; pullAckPerSec: number; cyclesPerSec: number; ms: number };
  stream: { cyclesPerSec: number; ms: number };
  single: { cyclesPerSec: number; ms: number; jobs: number };
}

function rate(n: number, ms: number): number {
  return Math.round((n / ms) * 1000);
}

async function batchPhase(jobs: number, log: (s: string) => void): Promise<EngineBenchResult["batch"]> {
  const engine = createEngine({ clock: realClock });
  await engine.start();
  const BATCH = 1000;
  const inputs = new Array(BATCH);
  const t0 = performance.now();
  for (let done = 0; done < jobs; done += BATCH) {
    const n = Math.min(BATCH, jobs - done);
    if (n !== inputs.length) inputs.length = n;
    for (let i = 0; i < n; i++) inputs[i] = { data: { i: done + i } };
    engine.pushBatch("bench", inputs);
    if ((done / BATCH) % 250 === 0 && done > 0) log(`  pushed ${done}`);
  }
  const t1 = performance.now();
  const ids: number[] = new Array(BATCH);
  let acked = 0;
  while (acked < jobs) {
    const got = engine.tryPull("bench", BATCH);
    if (got.length === 0) break;
    ids.length = got.length;
    for (let i = 0; i < got.length; i++) ids[i] = got[i].id;
    acked += engine.ackBatch(ids);
    if (acked % 250_000 === 0) log(`  pulled+acked ${acked}`);
  }
  const t2 = performance.now();
  await engine.stop();
  if (acked !== jobs) throw new Error(`acked ${acked} of ${jobs}`);
  return {
    pushPerSec: rate(jobs, t1 - t0),
    pullAckPerSec: rate(jobs, t2 - t1),
    cyclesPerSec: rate(jobs, t2 - t0),
    ms: Math.round(t2 - t0),
  };
}

async function streamPhase(jobs: number): Promise<EngineBenchResult["stream"]> {
  const engine = createEngine({ clock: realClock });
  await engine.start();
  const BATCH = 1000;
  const inputs = new Array(BATCH);
  const ids: number[] = new Array(BATCH);
  const t0 = performance.now();
  let acked = 0;
  for (let done = 0; done < jobs; done += BATCH) {
    const n = Math.min(BATCH, jobs - done);
    inputs.length = n;
    for (let i = 0; i < n; i++) inputs[i] = { data: { i: done + i } };
    engine.pushBatch("bench", inputs);
    const got = engine.tryPull("bench", BATCH);
    ids.length = got.length;
    for (let i = 0; i < got.length; i++) ids[i] = got[i].id;
    acked += engine.ackBatch(ids);
  }
  const t1 = performance.now();
  await engine.stop();
  if (acked !== jobs) throw new Error(`acked ${acked} of ${jobs}`);
  return { cyclesPerSec: rate(jobs, t1 - t0), ms: Math.round(t1 - t0) };
}

async function singlePhase(jobs: number, log: (s: string) => void): Promise<EngineBenchResult["single"]> {
  const engine = createEngine({ clock: realClock });
  await engine.start();
  const t0 = performance.now();
  for (let i = 0; i < jobs; i++) {
    engine.push("bench", { data: { i } });
    const [job] = engine.tryPull("bench", 1);
    engine.ack(job.id);
    if (i % 250_000 === 0 && i > 0) log(`  single cycles ${i}`);
  }
  const t1 = performance.now();
  await engine.stop();
  return { cyclesPerSec: rate(jobs, t1 - t0), ms: Math.round(t1 - t0), jobs };
}

/** Run both phases; `quick` uses 200k jobs. Logs progress to stderr. */
export async function runEngineBench(opts: { quick?: boolean; jobs?: number; log?: (s: string) => void } = {}): Promise<EngineBenchResult> {
  const jobs = opts.jobs ?? (opts.quick ? 200_000 : 1_000_000);
  const log = opts.log ?? ((s: string) => process.stderr.write(s + "\n"));
  log(`engine bench: ${jobs} jobs, batch phase (pushBatch 1000, pull 1000 + ackBatch)`);
  const batch = await batchPhase(jobs, log);
  log(`  push ${batch.pushPerSec}/s, pull+ack ${batch.pullAckPerSec}/s, full cycle ${batch.cyclesPerSec}/s`);
  log(`engine bench: ${jobs} jobs streamed in batches of 1000 (push → pull → ack, no backlog)`);
  const stream = await streamPhase(jobs);
  log(`  ${stream.cyclesPerSec} cycles/s`);
  log(`engine bench: ${jobs} single push → pull → ack cycles`);
  const single = await singlePhase(jobs, log);
  log(`  ${single.cyclesPerSec} cycles/s`);
  const summary = {
    targetCyclesPerSec: 1_000_000,
    backlog: batch.cyclesPerSec,
    stream: stream.cyclesPerSec,
    single: single.cyclesPerSec,
  };
  log(`summary (cycles/s): backlog ${summary.backlog}, stream ${summary.stream}, single ${summary.single} (target ${summary.targetCyclesPerSec})`);
  return { jobs, summary, batch, stream, single };
}

const isMain = typeof process !== "undefined" && process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  const r = await runEngineBench({ jobs: n });
  console.log(JSON.stringify(r, null, 2));
}
