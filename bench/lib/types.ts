/**
 * Shapes shared by the benchmark sides (flashQ, BullMQ): sizes, per-workload results,
 * and the {@link Target} interface each side implements.
 */
import { pack } from "msgpackr";
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
  /** jobs of the payload workload (realistic ~0.5 KB payloads: batch push, memory, processing) */
  payloadJobs: number;
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
  payloadJobs: 50_000,
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
  payloadJobs: 10_000,
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

/**
 * Realistic payloads (~0.5 KB each, {@link orderPayload}): N jobs pushed in batches of
 * 1,000, the memory they take while waiting, then processed by a Worker (concurrency 100).
 */
export interface PayloadResult {
  /** MessagePack size of one payload (the first), bytes */
  payloadBytes: number;
  batch: BatchResult;
  /** server heap+external delta per waiting job (ours), Redis used_memory delta (BullMQ) */
  bytesPerJob: number;
  processing: ProcessingRun;
}

/** One side of the comparison. Every method is self-contained (creates and cleans its queue). */
export interface Target {
  readonly name: string;
  batchPush(s: Sizes): Promise<BatchResult>;
  singlePush(s: Sizes): Promise<SingleResult>;
  processing(s: Sizes): Promise<ProcessingResult>;
  e2e(s: Sizes): Promise<E2eResult>;
  memory(s: Sizes): Promise<MemoryResult>;
  payload(s: Sizes): Promise<PayloadResult>;
}

/** Identifiers of the side-by-side workloads, in run order. */
export const WORKLOADS = ["batch", "single", "processing", "e2e", "memory", "payload"] as const;
/** One workload identifier. */
export type WorkloadId = (typeof WORKLOADS)[number];

/** A small job payload, the same on every side. */
export function smallPayload(i: number): { i: number } {
  return { i };
}

/**
 * A realistic job payload, the same on every side: an order with a customer, three
 * items, an address and a note — about 0.5 KB as MessagePack, 0.6 KB as JSON.
 */
export function orderPayload(i: number): Record<string, unknown> {
  return {
    orderId: `ord_${i.toString(36).padStart(10, "0")}`,
    customer: { id: 1000 + (i % 977), email: `user${i % 977}@example.com`, name: "Ada Lovelace", tier: "gold" },
    items: [
      { sku: "SKU-12345", qty: 2, price: 19.99 },
      { sku: "SKU-67890", qty: 1, price: 5.5 },
      { sku: "SKU-24680", qty: 3, price: 12.25 },
    ],
    total: 82.23,
    currency: "EUR",
    createdAt: "2026-11-25T04:00:00.000Z",
    notes: "Leave the parcel at the door, please. Ring twice.",
    flags: { gift: false, express: true, fragile: false },
    shipping: { street: "12 Analytical Engine Way", city: "London", zip: "NW1 2DB", country: "GB" },
  };
}

/** MessagePack size of `v`, bytes. */
export function packedSize(v: unknown): number {
  return pack(v).length;
}

/** The run with the highest `jobsPerSec`. */
export function bestOf(runs: BatchResult[]): BatchResult {
  return runs.reduce((a, b) => (b.jobsPerSec > a.jobsPerSec ? b : a));
}
