/**
 * Batch and single push through a bare binary-protocol client (no SDK), on the same
 * server as the SDK run: separates server cost from SDK cost when reading the figures.
 */
import { FrameClient } from "../lib/frame-client.ts";
import { Progress } from "../lib/progress.ts";
import { ratePerSec, summariseLatency } from "../lib/stats.ts";
import { bestOf, smallPayload, type BatchResult, type SingleResult, type Sizes } from "../lib/types.ts";

/** PUSHB batches of `s.batchSize` over raw frames, sequential and awaited like the SDK run; best of trials. */
export async function rawBatchPush(port: number, s: Sizes, label: string): Promise<BatchResult> {
  const c = await FrameClient.connect(port);
  try {
    const runs: BatchResult[] = [];
    for (let t = 1; t <= s.batchTrials; t++) {
      const queue = `bench-batch-raw-${t}`;
      const p = new Progress(`${label} batch push (raw) #${t}`, s.batchJobs);
      const t0 = performance.now();
      for (let done = 0; done < s.batchJobs; ) {
        const k = Math.min(s.batchSize, s.batchJobs - done);
        const jobs = new Array(k);
        for (let i = 0; i < k; i++) jobs[i] = { data: smallPayload(done + i) };
        const reply = await c.request({ cmd: "PUSHB", queue, jobs });
        if (reply.ids?.length !== k) throw new Error(`raw PUSHB accepted ${reply.ids?.length} of ${k}`);
        done += k;
        p.tick(done);
      }
      const ms = performance.now() - t0;
      runs.push({ jobs: s.batchJobs, batchSize: s.batchSize, ms, jobsPerSec: ratePerSec(s.batchJobs, ms) });
      await c.request({ cmd: "OBLITERATE", queue }, false);
    }
    return { ...bestOf(runs), trials: runs.map((r) => r.jobsPerSec) };
  } finally {
    c.close();
  }
}

/** Sequential awaited PUSH over raw frames: latency run then throughput run. */
export async function rawSinglePush(port: number, s: Sizes): Promise<SingleResult> {
  const c = await FrameClient.connect(port);
  try {
    const queue = "bench-single-raw";
    for (let i = 0; i < s.warmup; i++) await c.request({ cmd: "PUSH", queue, data: smallPayload(i) });
    const lat: number[] = [];
    for (let i = 0; i < s.latencySamples; i++) {
      const t = performance.now();
      await c.request({ cmd: "PUSH", queue, data: smallPayload(i) });
      lat.push(performance.now() - t);
    }
    const t0 = performance.now();
    for (let i = 0; i < s.singleCount; i++) await c.request({ cmd: "PUSH", queue, data: smallPayload(i) });
    const ms = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < s.latencySamples; i++) {
      const t = performance.now();
      await c.request({ cmd: "PUSH", queue, data: smallPayload(i) });
      warm.push(performance.now() - t);
    }
    return { count: s.singleCount, ms, perSec: ratePerSec(s.singleCount, ms), latency: summariseLatency(lat), warmLatency: summariseLatency(warm) };
  } finally {
    c.close();
  }
}
