/**
 * Diagnostic for the end-to-end tail: runs the end-to-end workload (idle SDK Worker,
 * push, time until the processor runs, 1 ms pause) against a fresh server child while
 * `perf record` traces the scheduler, then says, for every sample, which threads held
 * the CPUs: the bench's and the server's event-loop threads, their V8 helper threads
 * (JIT compiles, GC), other tasks, or nobody. It needs Linux, `perf` and root (for the
 * sched and syscalls tracepoints); it prints figures only and asserts nothing.
 *
 *   node --import tsx bench/e2e-trace.ts [--samples=2000] [--warmup=50] [--slowest=12]
 *
 * Each sample is framed by two getppid(2) calls of the bench's event-loop thread (a
 * cheap syscall whose tracepoint marks the window: before the push, after the job's
 * completion). The window therefore also holds the worker's ack, after the processor
 * ran. Tracing costs a few µs per context switch, so absolute figures run higher than
 * in `npm run bench`; compare the rows with each other.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServerProcess } from "./flashq/server-process.ts";
import { loadSdk } from "./flashq/sdk.ts";
import { openE2eRig } from "./flashq/e2e-rig.ts";
import { percentile } from "./lib/stats.ts";
import { log } from "./lib/progress.ts";
import { sleep } from "./lib/timebox.ts";
import { describeOutcome, lowerHelperThreads } from "../adapters/helper-threads.ts";

const opt = (name: string, dflt: number): number => {
  const v = process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${v})`);
  return n;
};
const samples = opt("samples", 2000);
const warmup = opt("warmup", 50);
const slowest = opt("slowest", 12);

/** Why tracing cannot run here, or undefined when it can. */
function unavailable(): string | undefined {
  if (process.platform !== "linux") return "needs Linux";
  if (process.getuid?.() !== 0) return "needs root (perf sched/syscalls tracepoints)";
  const probe = spawnSync("perf", ["list", "sched:sched_switch"], { encoding: "utf8" });
  if (probe.error || !/sched_switch/.test(probe.stdout)) return "needs `perf` with the sched tracepoints (mount tracefs: mount -t tracefs nodev /sys/kernel/tracing)";
  return undefined;
}

function threadsOf(pid: number): Set<number> {
  try {
    return new Set(readdirSync(`/proc/${pid}/task`).map(Number));
  } catch {
    return new Set([pid]);
  }
}

type Who = "benchMain" | "serverMain" | "benchHelpers" | "serverHelpers" | "other" | "idle";
const WHO: Who[] = ["benchMain", "serverMain", "benchHelpers", "serverHelpers", "other", "idle"];

/** What one traced run recorded, besides the trace itself. */
interface Run {
  serverPid: number;
  benchThreads: Set<number>;
  serverThreads: Set<number>;
  /** Client-measured latency of every sample (warm-up included), µs. */
  lat: Float64Array;
  helpers: string;
}

function who(run: Run, tid: number): Who {
  if (tid === 0) return "idle";
  if (tid === process.pid) return "benchMain";
  if (tid === run.serverPid) return "serverMain";
  if (run.benchThreads.has(tid)) return "benchHelpers";
  if (run.serverThreads.has(tid)) return "serverHelpers";
  return "other";
}

interface Window {
  lat: number;
  us: Record<Who, number>;
  /** Whether the server's first wake-up was placed on the vCPU of the bench thread that woke it. */
  sameCpu: boolean | undefined;
}

function analyse(run: Run, text: string): void {
  const total = run.lat.length;
  const re = /^\s*(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)$/;
  const running = new Map<number, { tid: number; since: number }>();
  const marks: number[] = [];
  const events: { tid: number; cpu: number; t: number; ev: string; rest: string }[] = [];
  for (const line of text.split("\n")) {
    const m = re.exec(line);
    if (!m) continue;
    const e = { tid: Number(m[1]), cpu: Number(m[2]), t: Number(m[3]) * 1e6, ev: m[4], rest: m[5] };
    if (e.ev.endsWith("sys_enter_getppid") && e.tid === process.pid) marks.push(events.length);
    events.push(e);
  }
  const pairs = Math.min(total, Math.floor(marks.length / 2));
  if (pairs < samples) console.log(`note: ${pairs} marked windows in the trace for ${total} samples (perf started late); the first ones are missing`);
  const first = marks.length - pairs * 2;
  const startOf = new Map<number, number>();
  const endOf = new Map<number, number>();
  for (let k = 0; k < pairs; k++) {
    const sample = total - pairs + k;
    startOf.set(marks[first + 2 * k], sample);
    endOf.set(marks[first + 2 * k + 1], sample);
  }
  const windows: Window[] = [];
  let cur: { sample: number; start: number; us: Record<Who, number>; sameCpu: boolean | undefined } | undefined;
  const credit = (cpu: number, until: number): void => {
    const r = running.get(cpu);
    if (!cur || !r) return;
    cur.us[who(run, r.tid)] += until - Math.max(r.since, cur.start);
  };
  for (let n = 0; n < events.length; n++) {
    const e = events[n];
    const s = startOf.get(n);
    if (s !== undefined) cur = { sample: s, start: e.t, us: { benchMain: 0, serverMain: 0, benchHelpers: 0, serverHelpers: 0, other: 0, idle: 0 }, sameCpu: undefined };
    if (e.ev.endsWith("sched_switch")) {
      credit(e.cpu, e.t);
      const next = /next_pid=(\d+)/.exec(e.rest);
      if (next) running.set(e.cpu, { tid: Number(next[1]), since: e.t });
    } else if (cur && cur.sameCpu === undefined && e.ev.endsWith("sched_waking") && e.tid === process.pid) {
      const m = /pid=(\d+).*target_cpu=(\d+)/.exec(e.rest);
      if (m && Number(m[1]) === run.serverPid) cur.sameCpu = Number(m[2]) === e.cpu;
    }
    if (endOf.get(n) !== undefined && cur) {
      for (const cpu of running.keys()) credit(cpu, e.t);
      if (cur.sample >= warmup) windows.push({ lat: run.lat[cur.sample], us: cur.us, sameCpu: cur.sameCpu });
      cur = undefined;
      for (const r of running.values()) r.since = e.t;
    }
  }
  report(run, windows);
}

function report(run: Run, windows: Window[]): void {
  const sorted = Float64Array.from(windows.map((w) => w.lat)).sort();
  console.log(`\nEnd-to-end under perf: ${windows.length} samples after ${warmup} warm-up; p50 ${percentile(sorted, 50).toFixed(0)} µs, p99 ${percentile(sorted, 99).toFixed(0)} µs, max ${sorted[sorted.length - 1]?.toFixed(0)} µs`);
  console.log(`Bench process: ${run.helpers}; server: HELPER_THREADS=${process.env.HELPER_THREADS || "idle (default)"}`);
  console.log("CPU time inside each sample's window (push → completion, both vCPUs), µs:\n");
  console.log("| samples | latency | bench loop | server loop | bench helpers | server helpers | other tasks | idle | server woken on the pusher's vCPU |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  const row = (label: string, ws: Window[]): void => {
    const med = (k: Who): string => percentile(Float64Array.from(ws.map((w) => w.us[k])).sort(), 50).toFixed(0);
    const known = ws.filter((w) => w.sameCpu !== undefined);
    const same = known.filter((w) => w.sameCpu).length;
    const lats = Float64Array.from(ws.map((w) => w.lat)).sort();
    console.log(`| ${label} | ${percentile(lats, 50).toFixed(0)} | ${WHO.map(med).join(" | ")} | ${known.length ? `${Math.round((100 * same) / known.length)}%` : "—"} |`);
  };
  const bySlow = [...windows].sort((a, b) => b.lat - a.lat);
  row(`all ${windows.length} (medians)`, windows);
  row("fastest 50% (medians)", bySlow.slice(Math.floor(windows.length / 2)));
  const tail = bySlow.slice(0, Math.max(1, Math.round(windows.length / 100)));
  row(`slowest 1%, ${tail.length} (medians)`, tail);
  for (const w of bySlow.slice(0, slowest)) {
    console.log(`| one sample | ${w.lat.toFixed(0)} | ${WHO.map((k) => w.us[k].toFixed(0)).join(" | ")} | ${w.sameCpu === undefined ? "—" : w.sameCpu ? "yes" : "no"} |`);
  }
  const busy = (w: Window): boolean => w.us.benchHelpers + w.us.serverHelpers >= 50;
  console.log(`\nSamples with ≥ 50 µs of V8 helper-thread time (JIT compiles, GC) in their window: ${windows.filter(busy).length} of ${windows.length} overall, ${tail.filter(busy).length} of the slowest ${tail.length}.`);
}

async function main(): Promise<void> {
  const why = unavailable();
  if (why) {
    console.error(`e2e-trace: ${why}`);
    process.exit(2);
  }

  const helpers = describeOutcome(lowerHelperThreads("idle"));
  const srv = await ServerProcess.start({});
  const sdk = await loadSdk();
  if (typeof sdk === "string") throw new Error(sdk);
  const rig = await openE2eRig(sdk, { host: "127.0.0.1", port: srv.tcpPort, useBinary: true, timeout: 30000 }, "trace-e2e", "e2e-trace");

  const dir = mkdtempSync(join(tmpdir(), "e2e-trace-"));
  const data = join(dir, "perf.data");
  const perf = spawn("perf", ["record", "-q", "-a", "-o", data, "-e", "sched:sched_switch,sched:sched_waking,syscalls:sys_enter_getppid"], { stdio: "ignore" });
  const perfExited = new Promise<void>((r) => perf.once("exit", () => r()));
  let run: Run;
  try {
    await sleep(500); // perf needs a moment before it records
    if (perf.exitCode !== null) throw new Error(`perf record exited at once (code ${perf.exitCode})`);
    const total = warmup + samples;
    const lat = new Float64Array(total);
    for (let i = 0; i < total; i++) {
      void process.ppid; // window start marker (getppid)
      lat[i] = (await rig.sample(i)) * 1000;
      void process.ppid; // window end marker
      if (i % 500 === 0) log(`e2e-trace: ${i.toLocaleString("en-US")}/${total.toLocaleString("en-US")} samples`);
      await sleep(1);
    }
    run = { serverPid: srv.child.pid!, benchThreads: threadsOf(process.pid), serverThreads: threadsOf(srv.child.pid!), lat, helpers };
  } finally {
    perf.kill("SIGINT");
    await perfExited;
    await rig.close().catch(() => {});
    await srv.stop();
  }
  log("e2e-trace: reading the trace …");
  const script = spawnSync("perf", ["script", "-i", data, "-F", "tid,cpu,time,event,trace"], { encoding: "utf8", maxBuffer: 1 << 30 });
  rmSync(dir, { recursive: true, force: true });
  if (script.status !== 0) throw new Error(`perf script failed: ${script.stderr.slice(0, 300)}`);
  analyse(run, script.stdout);
}

await main();
