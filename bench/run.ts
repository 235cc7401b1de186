/**
 * `npm run bench` — flashQ-ts side by side with BullMQ on the local Redis, plus the loopback
 * echo ceiling, PostgreSQL-durable rows and the other helpers' benches when present.
 * Progress goes to stderr, the table to stdout, all figures to bench/results/<timestamp>.json.
 * Options: see ./lib/args.ts (`--only=…`, `--quick`, `--no-bullmq`, `--no-pg`, `--runtime=bun`, `--profile`).
 */
import { mkdirSync } from "node:fs";
import { basename } from "node:path";
import { cpus, loadavg } from "node:os";
import { parseArgs, wants, USAGE, type BenchArgs } from "./lib/args.ts";
import { FULL_SIZES, QUICK_SIZES, WORKLOADS, type Sizes, type Target, type WorkloadId } from "./lib/types.ts";
import { log } from "./lib/progress.ts";
import { withTimeout } from "./lib/timebox.ts";
import { compareRows, echoRows, type Outcome, type SideResults } from "./lib/rows.ts";
import { renderTable, type Row } from "./lib/table.ts";
import { machineInfo, RESULTS_DIR, stamp, writeMarkdown, writeResults } from "./lib/results.ts";
import { renderExtras, runExtras, type ExtraOutcome } from "./lib/extras.ts";
import { freshBenchDatabase } from "./lib/postgres.ts";
import { profilesIn, renderProfile, summariseProfile } from "./lib/cpuprofile.ts";
import { runEchoCeiling, type EchoCeiling } from "./echo-ceiling.ts";
import { probeRedis } from "./bullmq/redis.ts";
import { BullmqTarget } from "./bullmq/target.ts";
import { loadSdk } from "./flashq/sdk.ts";
import { serverAvailable, serverEntry } from "./flashq/server-process.ts";
import { FlashqTarget } from "./flashq/target.ts";
import { measureEngineMemory } from "./flashq/engine-memory-launch.ts";
import type { MemoryResult } from "./lib/types.ts";
import { describeOutcome, lowerHelperThreads } from "../adapters/helper-threads.ts";

const METHOD: Record<WorkloadId, keyof Target> = { batch: "batchPush", single: "singlePush", processing: "processing", e2e: "e2e", memory: "memory", payload: "payload" };
const PG_WORKLOADS: WorkloadId[] = ["batch", "single", "processing", "e2e"];

/** Run one workload on one side, bounded in time; failures become `{error}`. */
async function runOne(target: Target, id: WorkloadId, sizes: Sizes): Promise<Outcome<any>> {
  log(`${target.name}: ${id} …`);
  try {
    const fn = target[METHOD[id]] as (s: Sizes) => Promise<unknown>;
    const value = await withTimeout(`${target.name} ${id}`, sizes.budgetMs, () => fn.call(target, sizes));
    return { value };
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    log(`${target.name}: ${id} FAILED: ${msg}`);
    if (target instanceof FlashqTarget) await target.current?.stop().catch(() => {});
    return { error: msg.split("\n")[0].slice(0, 160) };
  }
}

/** Build our side (or a reason it cannot run). `profileDir` gets one sub-directory per workload. */
async function oursFactory(args: BenchArgs, label: string, databaseUrl?: string): Promise<((id: WorkloadId) => FlashqTarget) | string> {
  if (!serverAvailable(args.runtime)) return `${serverEntry(args.runtime)} not present yet`;
  const sdk = await loadSdk();
  if (typeof sdk === "string") return sdk;
  return (id) =>
    new FlashqTarget(label, sdk, {
      runtime: args.runtime,
      databaseUrl,
      cpuProfFile: args.profile && args.runtime === "node" ? `${profDir()}/${label.replace(/\W+/g, "-")}-${id}.cpuprofile` : undefined,
    });
}

const runStamp = stamp();

/** Directory for this run's CPU profiles (created on first use). */
function profDir(): string {
  const dir = `${RESULTS_DIR}prof-${runStamp}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The PostgreSQL-durable rows: a fresh database per workload, our server with DATABASE_URL. */
async function runPostgres(args: BenchArgs, sizes: Sizes, bull: BullmqTarget | undefined, bullRes: SideResults, pgRes: SideResults, notes: string[]): Promise<void> {
  for (const id of PG_WORKLOADS) {
    const db = await freshBenchDatabase();
    if ("reason" in db) {
      notes.push(`PostgreSQL rows skipped: ${db.reason}.`);
      return;
    }
    try {
      const oursPg = await oursFactory(args, "flashQ-ts+PostgreSQL", db.url);
      if (typeof oursPg === "string") {
        notes.push(`PostgreSQL rows skipped: ${oursPg}.`);
        return;
      }
      if (!bullRes[id] && bull) bullRes[id] = await runOne(bull, id, sizes);
      pgRes[id] = await runOne(oursPg(id), id, sizes);
    } finally {
      await db.drop();
    }
  }
  notes.push("PostgreSQL rows: our server with DATABASE_URL (commit before reply) vs BullMQ on Redis as configured here (no AOF fsync).");
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const sizes = args.quick ? QUICK_SIZES : FULL_SIZES;
  // The clients (ours and BullMQ's) run in this process, on the same 2 vCPUs as the servers:
  // its JIT/GC helper threads get the same scheduling class as our server's (HELPER_THREADS).
  const clientHelpers = describeOutcome(lowerHelperThreads(args.clientHelpers));
  const serverHelpers = process.env.HELPER_THREADS || "idle (default)";
  const startLoad = loadavg().map((x) => x.toFixed(1)).join(" ");
  if (loadavg()[0] > cpus().length) log(`warning: load average ${startLoad} on ${cpus().length} CPUs — figures will be noisy`);
  const notes: string[] = [];
  const started = new Date();
  log(`flashQ-ts benchmark ${args.quick ? "(quick sizes)" : "(full sizes)"}; results → ${RESULTS_DIR}${runStamp}.json`);

  let echo: Outcome<EchoCeiling>;
  if (wants(args, "echo")) {
    log("echo ceiling (bare loopback TCP MessagePack echo in a child process) …");
    try {
      echo = { value: await withTimeout("echo ceiling", sizes.budgetMs, () => runEchoCeiling(sizes)) };
    } catch (err) {
      echo = { error: (err as Error).message };
    }
  }

  const workloads = WORKLOADS.filter((w) => wants(args, w));
  let bull: BullmqTarget | undefined;
  if (!args.bullmq) notes.push("BullMQ side skipped (--no-bullmq).");
  else if (workloads.length) {
    const reason = await probeRedis();
    if (reason) notes.push(`BullMQ side skipped: ${reason}.`);
    else bull = await BullmqTarget.open();
  }

  const ours = await oursFactory(args, args.runtime === "bun" ? "flashQ-ts (Bun)" : "flashQ-ts");
  if (typeof ours === "string") notes.push(`Our side skipped: ${ours}.`);
  if (args.profile && args.runtime !== "node") notes.push("--profile needs the Node runtime; no profiles written.");
  if (args.runtime === "bun") notes.push("Bun runtime: our server runs under Bun; the client side and the in-process engine row stay on Node.");

  const oursRes: SideResults = {};
  const bullRes: SideResults = {};
  for (const id of workloads) {
    if (typeof ours !== "string") oursRes[id] = await runOne(ours(id), id, sizes);
    if (bull) bullRes[id] = await runOne(bull, id, sizes);
  }

  let engineMem: Outcome<MemoryResult>;
  if (wants(args, "memory")) {
    log("memory: in-process engine (child with --expose-gc) …");
    try {
      engineMem = { value: await measureEngineMemory(sizes.memoryJobs, sizes.budgetMs) };
    } catch (err) {
      engineMem = { error: (err as Error).message.split("\n")[0].slice(0, 160) };
    }
  }

  const pgRes: SideResults = {};
  if (args.pg && (args.only === null || args.only.has("pg"))) await runPostgres(args, sizes, bull, bullRes, pgRes, notes);
  if (bull) await bull.close();

  let extras: ExtraOutcome[] = [];
  if (wants(args, "extras")) extras = await runExtras({ quick: args.quick, budgetMs: sizes.budgetMs });

  const profiles: Record<string, unknown> = {};
  if (args.profile) {
    for (const f of profilesIn(profDir())) profiles[basename(f, ".cpuprofile")] = { file: f, ...summariseProfile(f) };
  }

  const rows: Row[] = [...(echo ? echoRows(echo) : []), ...compareRows(oursRes, bullRes)];
  if (engineMem) rows.push(...compareRows({ memory: engineMem }, { memory: bullRes.memory }, "(in-process engine)", false));
  if (Object.keys(pgRes).length) rows.push(...compareRows(pgRes, bullRes, "(PostgreSQL)", false, new Set(Object.keys(pgRes) as WorkloadId[])));
  const table = renderTable(rows, args.runtime === "bun" ? "flashQ-ts (Bun)" : "flashQ-ts");
  const file = writeResults(runStamp, {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineInfo(),
    helperThreads: { benchProcess: clientHelpers, server: serverHelpers },
    args: { ...args, only: args.only ? [...args.only] : null },
    sizes,
    notes,
    echo,
    flashq: oursRes,
    bullmq: bullRes,
    flashqPostgres: pgRes,
    engineMemory: engineMem,
    extras,
    profiles,
    rows,
  });

  const load = loadavg().map((x) => x.toFixed(1)).join(" ");
  const out: string[] = [];
  out.push(`flashQ-ts vs BullMQ — ${machineInfo().cpus} CPUs, Node ${process.version}${args.quick ? ", quick sizes" : ""}; load average at start ${startLoad}, at end ${load}`);
  out.push(`Bench process (both clients): ${clientHelpers}; our server: HELPER_THREADS=${serverHelpers}\n`);
  out.push(table);
  if (notes.length) out.push(`\n${notes.map((n) => `Note: ${n}`).join("\n")}`);
  if (extras.length) out.push(`\nOther benches:\n${renderExtras(extras)}`);
  for (const [k, p] of Object.entries(profiles)) out.push(`\n${renderProfile(`CPU profile ${k}`, p as any)}`);
  const text = out.join("\n");
  console.log(`\n${text}`);
  const md = writeMarkdown(runStamp, text);
  console.log(`\nMarkdown: ${md}`);
  console.log(`\nJSON: ${file}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
