/**
 * The BullMQ side of the benchmark, against the local Redis. Each workload uses its own
 * queue under a per-run key prefix and deletes that prefix's keys afterwards.
 * Equivalents: batch = `queue.addBulk` of 1,000; single = awaited `queue.add`;
 * processing = BullMQ `Worker` (no-op processor) at each concurrency, best of;
 * e2e = idle Worker (concurrency 1), push one, time until the processor runs;
 * memory = Redis `used_memory` delta per waiting job; payload = the same batch push, memory
 * and processing (c=100) with ~0.5 KB payloads.
 */
import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { REDIS, deletePrefix, openRedis, usedMemory } from "./redis.ts";
import { Completions } from "../lib/completions.ts";
import { Progress, log } from "../lib/progress.ts";
import { ratePerSec, summariseLatency } from "../lib/stats.ts";
import { sleep } from "../lib/timebox.ts";
import {
  bestOf,
  orderPayload,
  packedSize,
  smallPayload,
  type BatchResult,
  type E2eResult,
  type MemoryResult,
  type PayloadResult,
  type ProcessingResult,
  type ProcessingRun,
  type SingleResult,
  type Sizes,
  type Target,
} from "../lib/types.ts";

const connection = { ...REDIS, maxRetriesPerRequest: null };

/** The BullMQ side. Create with {@link BullmqTarget.open}; call `close()` at the end. */
export class BullmqTarget implements Target {
  readonly name = "BullMQ";
  readonly prefix = `fqbench${process.pid}`;
  #redis: Redis;
  #seq = 0;

  private constructor(redis: Redis) {
    this.#redis = redis;
  }

  /** Connect the admin client used for INFO and cleanup. */
  static async open(): Promise<BullmqTarget> {
    const r = openRedis();
    r.on("error", () => {});
    await r.connect();
    return new BullmqTarget(r);
  }

  #queue(label: string): Queue {
    return new Queue(`${label}-${++this.#seq}`, { connection, prefix: this.prefix });
  }

  async #cleanup(...closables: Array<{ close(): Promise<unknown> }>): Promise<void> {
    for (const c of closables) await c.close().catch(() => {});
    await deletePrefix(this.#redis, this.prefix);
  }

  async #fill(q: Queue, n: number, batchSize: number, label: string, payload: (i: number) => unknown = smallPayload): Promise<void> {
    const p = new Progress(label, n);
    for (let done = 0; done < n; ) {
      const k = Math.min(batchSize, n - done);
      const jobs = new Array(k);
      for (let i = 0; i < k; i++) jobs[i] = { name: "job", data: payload(done + i) };
      await q.addBulk(jobs);
      done += k;
      p.tick(done);
    }
  }

  /** Process the `n` jobs waiting in `q` with a BullMQ Worker (no-op processor); first to last completion. */
  #process(q: Queue, n: number, concurrency: number, label: string): { worker: Worker; run: Promise<ProcessingRun> } {
    const clock = new Completions(`BullMQ ${label}`, n, concurrency);
    const worker = new Worker(q.name, async () => {}, { connection, prefix: this.prefix, concurrency, autorun: false });
    worker.on("completed", clock.completed);
    const run = new Promise<ProcessingRun>((resolve, reject) => {
      clock.done.then(resolve);
      worker.on("error", reject);
      worker.run().catch(reject);
    });
    return { worker, run };
  }

  async batchPush(s: Sizes): Promise<BatchResult> {
    const q = this.#queue("batch");
    try {
      await q.waitUntilReady();
      await this.#fill(q, 5 * s.batchSize, s.batchSize, "BullMQ batch warm-up");
      await q.obliterate({ force: true });
      const runs: BatchResult[] = [];
      for (let t = 1; t <= s.batchTrials; t++) {
        const t0 = performance.now();
        await this.#fill(q, s.batchJobs, s.batchSize, `BullMQ batch push #${t}`);
        const ms = performance.now() - t0;
        runs.push({ jobs: s.batchJobs, batchSize: s.batchSize, ms, jobsPerSec: ratePerSec(s.batchJobs, ms) });
        await q.obliterate({ force: true });
      }
      return { ...bestOf(runs), trials: runs.map((r) => r.jobsPerSec) };
    } finally {
      await this.#cleanup(q);
    }
  }

  async singlePush(s: Sizes): Promise<SingleResult> {
    const q = this.#queue("single");
    try {
      await q.waitUntilReady();
      for (let i = 0; i < s.warmup; i++) await q.add("job", smallPayload(i));
      const lat: number[] = [];
      for (let i = 0; i < s.latencySamples; i++) {
        const t = performance.now();
        await q.add("job", smallPayload(i));
        lat.push(performance.now() - t);
      }
      const p = new Progress("BullMQ single push", s.singleCount);
      const t0 = performance.now();
      for (let i = 0; i < s.singleCount; i++) {
        await q.add("job", smallPayload(i));
        p.tick(i + 1);
      }
      const ms = performance.now() - t0;
      const warm: number[] = [];
      for (let i = 0; i < s.latencySamples; i++) {
        const t = performance.now();
        await q.add("job", smallPayload(i));
        warm.push(performance.now() - t);
      }
      return { count: s.singleCount, ms, perSec: ratePerSec(s.singleCount, ms), latency: summariseLatency(lat), warmLatency: summariseLatency(warm) };
    } finally {
      await this.#cleanup(q);
    }
  }

  async processing(s: Sizes): Promise<ProcessingResult> {
    const runs: ProcessingRun[] = [];
    for (const concurrency of s.concurrencies) {
      const q = this.#queue(`proc${concurrency}`);
      let worker: Worker | undefined;
      try {
        await q.waitUntilReady();
        await this.#fill(q, s.processingJobs, 1000, `BullMQ pre-push (c=${concurrency})`);
        const made = this.#process(q, s.processingJobs, concurrency, "processing");
        worker = made.worker;
        runs.push(await made.run);
      } finally {
        await this.#cleanup(...(worker ? [worker] : []), q);
      }
    }
    const best = runs.reduce((a, b) => (b.jobsPerSec > a.jobsPerSec ? b : a));
    return { best, runs };
  }

  async e2e(s: Sizes): Promise<E2eResult> {
    const q = this.#queue("e2e");
    let onRun: ((t: number) => void) | undefined;
    let onDone: (() => void) | undefined;
    const worker = new Worker(q.name, async (_job: Job) => onRun?.(performance.now()), { connection, prefix: this.prefix, concurrency: 1 });
    worker.on("completed", () => onDone?.());
    try {
      await q.waitUntilReady();
      await worker.waitUntilReady();
      await sleep(200);
      const lat: number[] = [];
      const p = new Progress("BullMQ e2e", s.e2eSamples);
      const warm = Math.min(s.warmup, 50);
      for (let i = 0; i < warm + s.e2eSamples; i++) {
        const ran = new Promise<number>((r) => (onRun = r));
        const completed = new Promise<void>((r) => (onDone = r));
        const t0 = performance.now();
        await q.add("job", smallPayload(i));
        const t1 = await ran;
        await completed;
        if (i >= warm) lat.push(t1 - t0);
        p.tick(lat.length);
        await sleep(1);
      }
      return summariseLatency(lat);
    } finally {
      await this.#cleanup(worker, q);
    }
  }

  async payload(s: Sizes): Promise<PayloadResult> {
    const q = this.#queue("payload");
    let worker: Worker | undefined;
    try {
      await q.waitUntilReady();
      const n = s.payloadJobs;
      await this.#fill(q, 5000, 1000, "BullMQ payload warm-up", orderPayload);
      await q.obliterate({ force: true });
      const before = await usedMemory(this.#redis);
      const t0 = performance.now();
      await this.#fill(q, n, 1000, "BullMQ payload batch push", orderPayload);
      const ms = performance.now() - t0;
      const after = await usedMemory(this.#redis);
      const made = this.#process(q, n, 100, "payload processing");
      worker = made.worker;
      const processing = await made.run;
      return {
        payloadBytes: packedSize(orderPayload(0)),
        batch: { jobs: n, batchSize: 1000, ms, jobsPerSec: ratePerSec(n, ms) },
        bytesPerJob: Math.round((after - before) / n),
        processing,
      };
    } finally {
      await this.#cleanup(...(worker ? [worker] : []), q);
    }
  }

  async memory(s: Sizes): Promise<MemoryResult> {
    const q = this.#queue("mem");
    try {
      await q.waitUntilReady();
      await q.add("job", smallPayload(0));
      const before = await usedMemory(this.#redis);
      await this.#fill(q, s.memoryJobs, 1000, "BullMQ memory fill");
      const after = await usedMemory(this.#redis);
      const delta = after - before;
      return { jobs: s.memoryJobs, bytesPerJob: Math.round(delta / s.memoryJobs), basis: "Redis used_memory delta", details: { usedMemoryBefore: before, usedMemoryAfter: after, deltaBytes: delta } };
    } finally {
      log("BullMQ memory: deleting keys");
      await this.#cleanup(q);
    }
  }

  /** Close the admin client (and delete any leftover keys of this run). */
  async close(): Promise<void> {
    await deletePrefix(this.#redis, this.prefix).catch(() => 0);
    this.#redis.disconnect();
  }
}
