/**
 * Shapes shared by the benchmark sides (flashQ, BullMQ): sizes, per-workload results,
 * and the {@link Target} interface each side implements.
 */
import type { LatencySummary } from "./stats.ts";

/** Workload sizes (full run or `--quick`). */
export interface Sizes {
  batchJobs: number;
  batchSize: number;
  /** batch push is repeated this many times (fresh queue each); the best run is reported */
  batchTrials: number;
  singleCount: number;
  latencySamples: number;
  warmup: number;
  processingJobs: number;
  concurrencies: number[];
  e2eSamples: number;
  memoryJobs: number;
  /** per-workload time budget in ms */
  budgetMs: number;
}

/** The sizes. */
export const FULL_SIZES: Sizes = {
  batchJobs: 100_000,
  batchSize: 1_000,
  batchTrials: 3,
  singleCount: 5_000,
  latencySamples: 1_000,
  warmup: 100,
  processingJobs: 100_000,
  concurrencies: [50, 100],
  e2eSamples: 1_000,
  memoryJobs: 1_000_000,
  budgetMs: 180_000,
};

/** Smaller sizes for a fast smoke run (`--quick`). */
export const QUICK_SIZES: Sizes = {
  batchJobs: 20_000,
  batchSize: 1_000,
  batchTrials: 2,
  singleCount: 1_000,
  latencySamples: 500,
  warmup: 50,
  processingJobs: 20_000,
  concurrencies: [50, 100],
  e2eSamples: 200,
  memoryJobs: 100_000,
  budgetMs: 60_000,
};

/** Batch push result. */
export interface BatchResult {
  jobs: number;
  batchSize: number;
  ms: number;
  jobsPerSec: number;
  /** jobs/s of every trial (the figure above is the best) */
  trials?: number[];
  /** the same through a bare protocol client (no SDK), when measured */
  raw?: BatchResult;
}

/** Sequential single push result: throughput run plus a separate latency run. */
export interface SingleResult {
  count: number;
  ms: number;
  perSec: number;
  latency: LatencySummary;
  /** latency again over `latencySamples` pushes after the throughput run (JIT and caches warm) */
  warmLatency?: LatencySummary;
  /** the same through a bare protocol client (no SDK), when measured */
  raw?: SingleResult;
}

/** One processing run at a given concurrency. */
export interface ProcessingRun {
  concurrency: number;
  jobs: number;
  /** first to last completion */
  ms: number;
  jobsPerSec: number;
  /** worker start to last completion */
  totalMs: number;
}

/** Processing result: best of the runs. */
export interface ProcessingResult {
  best: ProcessingRun;
  runs: ProcessingRun[];
}

/** End-to-end latency (push call → processor runs). */
export type E2eResult = LatencySummary;

/** Memory per waiting job. */
export interface MemoryResult {
  jobs: number;
  /** the primary figure (see `basis`) */
  bytesPerJob: number;
  /** what `bytesPerJob` is computed from */
  basis: string;
  details: Record<string, number>;
}

/** One side of the comparison. Every method is self-contained (creates and cleans its queue). */
export interface Target {
  readonly name: string;
  batchPush(s: Sizes): Promise<BatchResult>;
  singlePush(s: Sizes): Promise<SingleResult>;
  processing(s: Sizes): Promise<ProcessingResult>;
  e2e(s: Sizes): Promise<E2eResult>;
  memory(s: Sizes): Promise<MemoryResult>;
}

/** Identifiers of the side-by-side workloads, in run order. */
export const WORKLOADS = ["batch", "single", "processing", "e2e", "memory"] as const;
/** One workload identifier. */
export type WorkloadId = (typeof WORKLOADS)[number];

/** A small job payload, the same on every side. */
export function smallPayload(i: number): { i: number } {
  return { i };
}

/** The run with the highest `jobsPerSec`. */
export function bestOf(runs: BatchResult[]): BatchResult {
  return runs.reduce((a, b) => (b.jobsPerSec > a.jobsPerSec ? b : a));
}
