/**
 * Diagnostic for cold single-push latency: a fresh server child, then sequential awaited
 * single pushes in windows of 1,000, with p50/p99/max per window and the number of pushes
 * slower than 200 µs. It shows how latency settles as the server and client processes
 * warm up (V8 tiers code up during the first few thousand requests), which the main
 * bench's single-push row (1,000 pushes after 100 warm-up pushes) measures in window 0.
 *
 *   node --import tsx bench/latency-windows.ts [--windows=8] [--raw] [--runtime=node|bun]
 *   BENCH_SERVER_NODE_ARGS=--no-opt node --import tsx bench/latency-windows.ts   # server without the optimising tier
 *   HELPER_THREADS=normal node --import tsx bench/latency-windows.ts --client-helpers=normal   # neither side's helpers at SCHED_IDLE
 *   --json: the SDK over JSON framing instead of MessagePack
 *   --e2e: the end-to-end workload instead (idle Worker; push → processor runs; 1 ms pause between samples)
 *
 * --raw uses the minimal framing client (bench/lib/frame-client.ts) instead of the SDK.
 * Prints figures only; nothing here asserts a timing.
 */
import { ServerProcess } from "./flashq/server-process.ts";
import { loadSdk } from "./flashq/sdk.ts";
import { openE2eRig } from "./flashq/e2e-rig.ts";
import { sleep } from "./lib/timebox.ts";
import { FrameClient } from "./lib/frame-client.ts";
import { summariseLatency } from "./lib/stats.ts";
import { describeOutcome, lowerHelperThreads } from "../adapters/helper-threads.ts";

const opt = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const windows = Number(opt("windows") ?? 8);
const raw = process.argv.includes("--raw");
const json = process.argv.includes("--json");
const e2e = process.argv.includes("--e2e");
const clientHelpers = describeOutcome(lowerHelperThreads(process.argv.includes("--client-helpers=normal") ? "normal" : "idle"));
const runtime = opt("runtime") === "bun" ? "bun" : "node";
if (!Number.isInteger(windows) || windows < 1) throw new Error("--windows must be a positive integer");

const srv = await ServerProcess.start({ runtime });
let push: (i: number) => Promise<unknown>;
let close: () => Promise<void>;
let what = "pushes";
if (e2e) {
  // The end-to-end workload: an idle Worker (concurrency 1); time from push until the processor runs.
  what = "e2e samples";
  const sdk = await loadSdk();
  if (typeof sdk === "string") throw new Error(sdk);
  const rig = await openE2eRig(sdk, { host: "127.0.0.1", port: srv.tcpPort, useBinary: !json, timeout: 30000 }, "windows-e2e", "latency-windows");
  push = async (i) => {
    const ms = await rig.sample(i);
    await sleep(1);
    return ms;
  };
  close = () => rig.close();
} else if (raw) {
  const c = await FrameClient.connect(srv.tcpPort);
  push = (i) => c.request({ cmd: "PUSH", queue: "windows", data: { i } });
  close = async () => c.close();
} else {
  const sdk = await loadSdk();
  if (typeof sdk === "string") throw new Error(sdk);
  const c = new sdk.FlashQ({ host: "127.0.0.1", port: srv.tcpPort, useBinary: !json, timeout: 30000 });
  await c.connect();
  push = (i) => c.push("windows", { i });
  close = () => c.close();
}
try {
  console.log(`server: ${runtime}${process.env.BENCH_SERVER_NODE_ARGS ? ` ${process.env.BENCH_SERVER_NODE_ARGS}` : ""}; client: ${raw ? "raw frames" : json ? "SDK, JSON" : "SDK, MessagePack"}${e2e ? ", end-to-end (push until the Worker's processor runs)" : ""}; 100 warm-up ${what}, then windows of 1,000`);
  console.log(`client process: ${clientHelpers}; server: HELPER_THREADS=${process.env.HELPER_THREADS || "idle (default)"}`);
  console.log(`| window | ${what} | p50 µs | p99 µs | max µs | > 200 µs |`);
  console.log("|---|---|---|---|---|---|");
  for (let i = 0; i < 100; i++) await push(i);
  for (let w = 0; w < windows; w++) {
    const lat = new Array<number>(1000);
    for (let i = 0; i < 1000; i++) {
      const t = performance.now();
      const measured = await push(i);
      lat[i] = typeof measured === "number" ? measured : performance.now() - t;
    }
    const s = summariseLatency(lat);
    const slow = lat.filter((ms) => ms > 0.2).length;
    console.log(`| ${w} | ${100 + w * 1000 + 1}–${100 + (w + 1) * 1000} | ${s.p50Us} | ${s.p99Us} | ${s.maxUs} | ${slow} |`);
  }
} finally {
  await close();
  await srv.stop();
}
