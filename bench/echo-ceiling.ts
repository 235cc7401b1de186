/**
 * The transport ceiling: a bare loopback TCP MessagePack echo in a separate process.
 * Batch: jobs/s through sequential awaited batches of 1,000 (encode, send, decode, reply).
 * Single: one-job round trips, sequential, with p50/p99 — the floor for any single push.
 * After idle: one-job round trips each after a 1 ms pause, as the end-to-end workload paces
 * its samples — the floor for a hand-off between processes whose CPUs have just idled.
 */
import { fileURLToPath } from "node:url";
import { FrameClient } from "./lib/frame-client.ts";
import { forkTs, stopChild, waitMessage } from "./lib/child.ts";
import { ratePerSec, summariseLatency, type LatencySummary } from "./lib/stats.ts";
import { log } from "./lib/progress.ts";
import { sleep } from "./lib/timebox.ts";

/** Result of {@link runEchoCeiling}. */
export interface EchoCeiling {
  batch: { jobs: number; batchSize: number; ms: number; jobsPerSec: number };
  single: { count: number; ms: number; perSec: number } & LatencySummary;
  /** one-job round trips, each after a 1 ms pause (the end-to-end workload's pacing) */
  afterIdle?: LatencySummary;
}

/** Sizes for the echo run (defaults = the full sizes). */
export interface EchoSizes {
  batchJobs: number;
  batchSize: number;
  singleCount: number;
  latencySamples: number;
  warmup: number;
  /** samples of the after-idle round trip (the end-to-end workload's count) */
  e2eSamples: number;
}

const ECHO_SERVER = fileURLToPath(new URL("./lib/echo-server.ts", import.meta.url));

/** Measure the loopback echo ceiling in a child process. */
export async function runEchoCeiling(sizes: EchoSizes): Promise<EchoCeiling> {
  const child = forkTs(ECHO_SERVER);
  try {
    const { port } = await waitMessage<{ port: number }>(child, 15000, (m) => typeof m?.port === "number");
    const client = await FrameClient.connect(port);
    try {
      const batch = Array.from({ length: sizes.batchSize }, (_, i) => ({ data: { i } }));
      for (let i = 0; i < 20; i++) await client.request({ cmd: "PUSHB", queue: "echo", jobs: batch });
      const t0 = performance.now();
      let sent = 0;
      while (sent < sizes.batchJobs) {
        await client.request({ cmd: "PUSHB", queue: "echo", jobs: batch });
        sent += sizes.batchSize;
      }
      const batchMs = performance.now() - t0;
      log(`echo batch: ${ratePerSec(sent, batchMs).toLocaleString("en-US")} jobs/s`);

      for (let i = 0; i < sizes.warmup; i++) await client.request({ cmd: "PUSH", queue: "echo", data: { i } });
      const lat: number[] = [];
      for (let i = 0; i < sizes.latencySamples; i++) {
        const s = performance.now();
        await client.request({ cmd: "PUSH", queue: "echo", data: { i } });
        lat.push(performance.now() - s);
      }
      const t1 = performance.now();
      for (let i = 0; i < sizes.singleCount; i++) await client.request({ cmd: "PUSH", queue: "echo", data: { i } });
      const singleMs = performance.now() - t1;
      const summary = summariseLatency(lat);
      log(`echo single: ${ratePerSec(sizes.singleCount, singleMs).toLocaleString("en-US")} round trips/s, p50 ${summary.p50Us} µs`);

      const idle: number[] = [];
      for (let i = 0; i < sizes.e2eSamples; i++) {
        await sleep(1);
        const s = performance.now();
        await client.request({ cmd: "PUSH", queue: "echo", data: { i } });
        idle.push(performance.now() - s);
      }
      const afterIdle = summariseLatency(idle);
      log(`echo after 1 ms idle: p50 ${afterIdle.p50Us} µs, p99 ${afterIdle.p99Us} µs`);
      return {
        batch: { jobs: sent, batchSize: sizes.batchSize, ms: batchMs, jobsPerSec: ratePerSec(sent, batchMs) },
        single: { count: sizes.singleCount, ms: singleMs, perSec: ratePerSec(sizes.singleCount, singleMs), ...summary },
        afterIdle,
      };
    } finally {
      client.close();
    }
  } finally {
    await stopChild(child, 1000);
  }
}
