/**
 * Turns measured results into table rows, with the targets attached.
 */
import type { EchoCeiling } from "../echo-ceiling.ts";
import type { Row } from "./table.ts";
import type { BatchResult, E2eResult, MemoryResult, PayloadResult, ProcessingResult, SingleResult, WorkloadId } from "./types.ts";

/** A workload outcome: a value, an error message, or absent (not run). */
export type Outcome<T> = { value: T } | { error: string } | undefined;

/** All outcomes of one side. */
export interface SideResults {
  batch?: Outcome<BatchResult>;
  single?: Outcome<SingleResult>;
  processing?: Outcome<ProcessingResult>;
  e2e?: Outcome<E2eResult>;
  memory?: Outcome<MemoryResult>;
  payload?: Outcome<PayloadResult>;
}

function val<T>(o: Outcome<T> | undefined): T | undefined {
  return o && "value" in o ? o.value : undefined;
}
function err(o: Outcome<unknown> | undefined): string | undefined {
  return o && "error" in o ? o.error : undefined;
}

/** BullMQ on this machine as issue 7 quotes it (for a second, load-independent ratio). */
export const REF = { batch: 35_700, processing: 27_800, single: 7_800, singleP99: 332, e2eP99: 820, memory: 286 } as const;

/** Rows for the echo ceiling (transport only, no queue). */
export function echoRows(e: Outcome<EchoCeiling>): Row[] {
  const v = val(e);
  const error = err(e);
  return [
    { workload: "echo ceiling", metric: "batch of 1,000 jobs/s", ours: v?.batch.jobsPerSec, error },
    { workload: "echo ceiling", metric: "single round trips/s", ours: v?.single.perSec, error },
    { workload: "echo ceiling", metric: "single p50 µs", ours: v?.single.p50Us, decimals: 1, error },
    { workload: "echo ceiling", metric: "single p99 µs", ours: v?.single.p99Us, decimals: 1, error },
    { workload: "echo ceiling", metric: "after 1 ms idle p50 µs (e2e pacing)", ours: v?.afterIdle?.p50Us, decimals: 1, error },
    { workload: "echo ceiling", metric: "after 1 ms idle p99 µs (e2e pacing)", ours: v?.afterIdle?.p99Us, decimals: 1, error },
  ];
}

/** Rows comparing one of our configurations with BullMQ. `suffix` labels e.g. "(PostgreSQL)". */
export function compareRows(ours: SideResults, bull: SideResults, suffix = "", goals = true, only?: Set<WorkloadId>): Row[] {
  const rows: Row[] = [];
  const w = (name: string): string => (suffix ? `${name} ${suffix}` : name);
  const has = (id: WorkloadId): boolean => (!only || only.has(id)) && (ours[id] !== undefined || bull[id] !== undefined);
  if (has("batch")) {
    const o = val(ours.batch), b = val(bull.batch);
    const trials = (r: BatchResult | undefined): string => (r?.trials ? r.trials.map((x) => x.toLocaleString("en-US")).join(" / ") : "—");
    rows.push({ workload: w("batch push"), metric: "jobs/s", ref: goals ? REF.batch : undefined, ours: o?.jobsPerSec, bull: b?.jobsPerSec, error: err(ours.batch), goal: goals ? { kind: "ratio-min", value: 25 } : undefined, note: noteErr(bull.batch) ?? `best of trials; ours ${trials(o)}; BullMQ ${trials(b)}` });
    if (o?.raw) rows.push({ workload: w("batch push"), metric: "jobs/s, bare protocol client", ours: o.raw.jobsPerSec, bull: b?.jobsPerSec });
  }
  if (has("single")) {
    const o = val(ours.single), b = val(bull.single), e = err(ours.single), n = noteErr(bull.single);
    rows.push({ workload: w("single push"), metric: "pushes/s", ref: goals ? REF.single : undefined, ours: o?.perSec, bull: b?.perSec, error: e, goal: goals ? { kind: "ratio-min", value: 1.3 } : undefined, note: n });
    rows.push({ workload: w("single push"), metric: "p50 µs", ours: o?.latency.p50Us, bull: b?.latency.p50Us, decimals: 1, error: e });
    rows.push({ workload: w("single push"), metric: "p95 µs", ours: o?.latency.p95Us, bull: b?.latency.p95Us, decimals: 1, error: e });
    rows.push({ workload: w("single push"), metric: "p99 µs", ref: goals ? REF.singleP99 : undefined, ours: o?.latency.p99Us, bull: b?.latency.p99Us, decimals: 1, error: e, goal: goals ? { kind: "abs-max", value: 200, unit: "µs" } : undefined });
    if (o?.warmLatency || b?.warmLatency) {
      rows.push({ workload: w("single push"), metric: "p50 µs, warm (after the throughput run)", ours: o?.warmLatency?.p50Us, bull: b?.warmLatency?.p50Us, decimals: 1 });
      rows.push({ workload: w("single push"), metric: "p99 µs, warm (after the throughput run)", ours: o?.warmLatency?.p99Us, bull: b?.warmLatency?.p99Us, decimals: 1 });
    }
    if (o?.raw) {
      rows.push({ workload: w("single push"), metric: "pushes/s, bare protocol client", ours: o.raw.perSec, bull: b?.perSec });
      rows.push({ workload: w("single push"), metric: "p50 µs, bare protocol client", ours: o.raw.latency.p50Us, bull: b?.latency.p50Us, decimals: 1 });
      rows.push({ workload: w("single push"), metric: "p99 µs, bare protocol client", ours: o.raw.latency.p99Us, bull: b?.latency.p99Us, decimals: 1 });
    }
  }
  if (has("processing")) {
    const o = val(ours.processing), b = val(bull.processing);
    const detail = [o, b].map((r) => (r ? r.runs.map((x) => `c=${x.concurrency}: ${x.jobsPerSec.toLocaleString("en-US")}`).join(", ") : "—"));
    rows.push({
      workload: w("processing"),
      metric: `jobs/s (best c: ${o?.best.concurrency ?? "—"} / ${b?.best.concurrency ?? "—"})`,
      ref: goals ? REF.processing : undefined,
      ours: o?.best.jobsPerSec,
      bull: b?.best.jobsPerSec,
      error: err(ours.processing),
      goal: goals ? { kind: "ratio-min", value: 12 } : undefined,
      note: noteErr(bull.processing) ?? `ours ${detail[0]}; BullMQ ${detail[1]}`,
    });
  }
  if (has("e2e")) {
    const o = val(ours.e2e), b = val(bull.e2e), e = err(ours.e2e);
    rows.push({ workload: w("end-to-end"), metric: "p50 µs", ours: o?.p50Us, bull: b?.p50Us, decimals: 1, error: e, note: noteErr(bull.e2e) });
    rows.push({ workload: w("end-to-end"), metric: "p99 µs", ref: goals ? REF.e2eP99 : undefined, ours: o?.p99Us, bull: b?.p99Us, decimals: 1, error: e, goal: goals ? { kind: "ratio-max", value: 0.4 } : undefined });
  }
  if (has("memory")) {
    const o = val(ours.memory), b = val(bull.memory), e = err(ours.memory);
    rows.push({ workload: w("memory"), metric: "bytes per waiting job", ref: goals ? REF.memory : undefined, ours: o?.bytesPerJob, bull: b?.bytesPerJob, error: e, goal: goals ? { kind: "abs-max", value: 200, unit: "B" } : undefined, note: o ? `ours: ${o.basis}; BullMQ: Redis used_memory delta` : noteErr(bull.memory) });
    if (o) rows.push({ workload: w("memory"), metric: "RSS bytes per waiting job", ours: o.details.rssBytesPerJob, bull: b?.bytesPerJob });
  }
  if (has("payload")) {
    const o = val(ours.payload), b = val(bull.payload), e = err(ours.payload), n = noteErr(bull.payload);
    const kb = `${o?.payloadBytes ?? b?.payloadBytes ?? "?"} B payloads`;
    rows.push({ workload: w(`batch push, ${kb}`), metric: "jobs/s", ours: o?.batch.jobsPerSec, bull: b?.batch.jobsPerSec, error: e, note: n ?? `${(o ?? b)?.batch.jobs.toLocaleString("en-US") ?? "?"} jobs in batches of 1,000` });
    rows.push({ workload: w(`processing, ${kb}`), metric: "jobs/s (c=100)", ours: o?.processing.jobsPerSec, bull: b?.processing.jobsPerSec, error: e });
    rows.push({ workload: w(`memory, ${kb}`), metric: "bytes per waiting job", ours: o?.bytesPerJob, bull: b?.bytesPerJob, error: e, note: "ours: server heapUsed+external delta after gc; BullMQ: Redis used_memory delta" });
  }
  return rows;
}

function noteErr(o: Outcome<unknown> | undefined): string | undefined {
  const e = err(o);
  return e ? `BullMQ error: ${e}` : undefined;
}
