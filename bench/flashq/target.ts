/**
 * Our side of the benchmark: a fresh server child per workload (so each one starts clean),
 * driven through the client SDK over TCP MessagePack (`useBinary: true`).
 * Workloads mirror the BullMQ side one for one (see ../bullmq/target.ts).
 */
import { openE2eRig } from "./e2e-rig.ts";
import { ServerProcess, type ServerOptions } from "./server-process.ts";
import type { Sdk, SdkClient, SdkWorker } from "./sdk.ts";
import { rawBatchPush, rawSinglePush } from "./raw.ts";
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

/** Extra Worker options for experiments: BENCH_WORKER_OPTS='{"batchSize":500}' (default none). */
function workerExtra(): object {
  const raw = process.env.BENCH_WORKER_OPTS;
  return raw ? (JSON.parse(raw) as object) : {};
}

/** Our server + SDK as one benchmark side. */
export class FlashqTarget implements Target {
  readonly name: string;
  #sdk: Sdk;
  #server: ServerOptions;
  /** the last server started (exposed for profiling hooks) */
  current: ServerProcess | undefined;

  /** @param name row label; @param sdk the loaded SDK; @param server how to start the server child */
  constructor(name: string, sdk: Sdk, server: ServerOptions = {}) {
    this.name = name;
    this.#sdk = sdk;
    this.#server = server;
  }

  async #withServer<T>(fn: (srv: ServerProcess, opts: object) => Promise<T>): Promise<T> {
    const srv = await ServerProcess.start(this.#server);
    this.current = srv;
    try {
      return await fn(srv, { host: "127.0.0.1", port: srv.tcpPort, httpPort: srv.httpPort, useBinary: true, timeout: 30000 });
    } finally {
      await srv.stop();
    }
  }

  async #client(opts: object): Promise<SdkClient> {
    const c = new this.#sdk.FlashQ(opts);
    await c.connect();
    return c;
  }

  async #fill(c: SdkClient, queue: string, n: number, batchSize: number, label: string, payload: (i: number) => unknown = smallPayload): Promise<void> {
    const p = new Progress(label, n);
    for (let done = 0; done < n; ) {
      const k = Math.min(batchSize, n - done);
      const jobs = new Array(k);
      for (let i = 0; i < k; i++) jobs[i] = { data: payload(done + i) };
      const ids = await c.pushBatch(queue, jobs);
      if (ids.length !== k) throw new Error(`pushBatch accepted ${ids.length} of ${k} jobs`);
      done += k;
      p.tick(done);
    }
  }

  /** Process the `n` jobs waiting in `queue` with an SDK Worker (no-op processor); first to last completion. */
  async #process(opts: object, queue: string, n: number, concurrency: number, label: string): Promise<ProcessingRun> {
    const clock = new Completions(`${this.name} ${label}`, n, concurrency);
    let worker: SdkWorker | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        worker = new this.#sdk.Worker(queue, async () => {}, { ...opts, ...workerExtra(), concurrency, autorun: false });
        worker.on("completed", clock.completed);
        worker.on("error", (err: Error) => log(`${this.name} worker error: ${err?.message ?? err}`));
        worker.start().catch(reject);
        clock.done.then(() => resolve());
      });
    } finally {
      await worker?.close(true).catch(() => {});
    }
    return clock.done;
  }

  batchPush(s: Sizes): Promise<BatchResult> {
    return this.#withServer(async (srv, opts) => {
      const c = await this.#client(opts);
      try {
        await this.#fill(c, "bench-warm", 5 * s.batchSize, s.batchSize, `${this.name} batch warm-up`);
        await c.obliterate("bench-warm");
        const runs: BatchResult[] = [];
        for (let t = 1; t <= s.batchTrials; t++) {
          const queue = `bench-batch-${t}`;
          const t0 = performance.now();
          await this.#fill(c, queue, s.batchJobs, s.batchSize, `${this.name} batch push #${t}`);
          const ms = performance.now() - t0;
          runs.push({ jobs: s.batchJobs, batchSize: s.batchSize, ms, jobsPerSec: ratePerSec(s.batchJobs, ms) });
          await c.obliterate(queue);
        }
        const raw = await rawBatchPush(srv.tcpPort, s, this.name);
        return { ...bestOf(runs), trials: runs.map((r) => r.jobsPerSec), raw };
      } finally {
        await c.close();
      }
    });
  }

  singlePush(s: Sizes): Promise<SingleResult> {
    return this.#withServer(async (srv, opts) => {
      const c = await this.#client(opts);
      try {
        for (let i = 0; i < s.warmup; i++) await c.push("bench-single", smallPayload(i));
        const lat: number[] = [];
        for (let i = 0; i < s.latencySamples; i++) {
          const t = performance.now();
          await c.push("bench-single", smallPayload(i));
          lat.push(performance.now() - t);
        }
        const p = new Progress(`${this.name} single push`, s.singleCount);
        const t0 = performance.now();
        for (let i = 0; i < s.singleCount; i++) {
          await c.push("bench-single", smallPayload(i));
          p.tick(i + 1);
        }
        const ms = performance.now() - t0;
        const warm: number[] = [];
        for (let i = 0; i < s.latencySamples; i++) {
          const t = performance.now();
          await c.push("bench-single", smallPayload(i));
          warm.push(performance.now() - t);
        }
        const raw = await rawSinglePush(srv.tcpPort, s);
        return { count: s.singleCount, ms, perSec: ratePerSec(s.singleCount, ms), latency: summariseLatency(lat), warmLatency: summariseLatency(warm), raw };
      } finally {
        await c.close();
      }
    });
  }

  processing(s: Sizes): Promise<ProcessingResult> {
    return this.#withServer(async (srv, opts) => {
      const runs: ProcessingRun[] = [];
      const c = await this.#client(opts);
      try {
        for (const concurrency of s.concurrencies) {
          const queue = `bench-proc-${concurrency}`;
          await this.#fill(c, queue, s.processingJobs, 1000, `${this.name} pre-push (c=${concurrency})`);
          runs.push(await this.#process(opts, queue, s.processingJobs, concurrency, "processing"));
          await c.obliterate(queue);
        }
      } finally {
        await c.close();
      }
      const best = runs.reduce((a, b) => (b.jobsPerSec > a.jobsPerSec ? b : a));
      return { best, runs };
    });
  }

  e2e(s: Sizes): Promise<E2eResult> {
    return this.#withServer(async (_srv, opts) => {
      const rig = await openE2eRig(this.#sdk, opts, "bench-e2e", this.name);
      try {
        const lat: number[] = [];
        const p = new Progress(`${this.name} e2e`, s.e2eSamples);
        const warm = Math.min(s.warmup, 50);
        for (let i = 0; i < warm + s.e2eSamples; i++) {
          const ms = await rig.sample(i);
          if (i >= warm) lat.push(ms);
          p.tick(lat.length);
          await sleep(1);
        }
        return summariseLatency(lat);
      } finally {
        await rig.close();
      }
    });
  }

  payload(s: Sizes): Promise<PayloadResult> {
    return this.#withServer(async (srv, opts) => {
      const c = await this.#client(opts);
      try {
        const n = s.payloadJobs;
        await this.#fill(c, "bench-payload-warm", 5000, 1000, `${this.name} payload warm-up`, orderPayload);
        await c.obliterate("bench-payload-warm");
        const before = await srv.memory();
        const t0 = performance.now();
        await this.#fill(c, "bench-payload", n, 1000, `${this.name} payload batch push`, orderPayload);
        const ms = performance.now() - t0;
        const after = await srv.memory();
        const processing = await this.#process(opts, "bench-payload", n, 100, "payload processing");
        return {
          payloadBytes: packedSize(orderPayload(0)),
          batch: { jobs: n, batchSize: 1000, ms, jobsPerSec: ratePerSec(n, ms) },
          bytesPerJob: Math.round((after.heapUsed + after.external - before.heapUsed - before.external) / n),
          processing,
        };
      } finally {
        await c.close();
      }
    });
  }

  memory(s: Sizes): Promise<MemoryResult> {
    return this.#withServer(async (srv, opts) => {
      const c = await this.#client(opts);
      try {
        await c.push("bench-mem", smallPayload(0));
        const before = await srv.memory();
        await this.#fill(c, "bench-mem", s.memoryJobs, 1000, `${this.name} memory fill`);
        const after = await srv.memory();
        const heap = after.heapUsed + after.external - (before.heapUsed + before.external);
        const rss = after.rss - before.rss;
        return {
          jobs: s.memoryJobs,
          bytesPerJob: Math.round(heap / s.memoryJobs),
          basis: `server (heapUsed+external) delta after gc${after.gc ? "" : " (gc unavailable)"}`,
          details: {
            heapUsedDelta: after.heapUsed - before.heapUsed,
            externalDelta: after.external - before.external,
            rssDelta: rss,
            rssBytesPerJob: Math.round(rss / s.memoryJobs),
            heapUsedAfter: after.heapUsed,
            rssAfter: after.rss,
          },
        };
      } finally {
        await c.close();
      }
    });
  }
}
