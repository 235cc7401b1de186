/**
 * HTTP push throughput (keep-alive, `connections` sockets, one request in flight
 * each) for the server on Node and Bun (in-memory) and for the edge producer on
 * Bun, Deno and in workerd (PostgreSQL sink, and HTTP sink in front of the Bun
 * server).
 * Every process under test is a child, so the load generator never shares its loop.
 *
 * `npm run bench` runs it through bench/lib/extras.ts (`runEdgeBench`); alone:
 * `node --import tsx bench/edge.ts [--quick]`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createPostgresPort } from "../adapters/postgres/driver.ts";
import { migrate } from "../adapters/storage/migrations.ts";
import { runLoad, type LoadResult } from "./edge-load.ts";
import { ServerProcess } from "./flashq/server-process.ts";
import { isAlive, stopChild } from "./lib/child.ts";
import { freePort, waitForPort } from "./lib/net.ts";
import { freshBenchDatabase } from "./lib/postgres.ts";
import { log } from "./lib/progress.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SINGLE_BODY = JSON.stringify({ data: { email: "user@example.com", template: "welcome", n: 1 } });
const BATCH_SIZE = 100;
const BATCH_BODY = JSON.stringify({ jobs: Array.from({ length: BATCH_SIZE }, (_, i) => ({ data: { n: i } })) });

/** One measured row. */
export interface EdgeRow {
  /** Pushes per second (jobs/s for batch rows). */
  perSec: number;
  requestsPerSec: number;
  meanLatencyMs: number;
  errors: number;
  note?: string;
}

interface Sizes {
  durationMs: number;
  connections: number;
}

async function measure(port: number, path: string, body: string, sizes: Sizes, jobsPerRequest = 1): Promise<EdgeRow> {
  const r: LoadResult = await runLoad({ port, path, body, connections: sizes.connections, durationMs: sizes.durationMs, warmupMs: 500 });
  const row: EdgeRow = { perSec: r.rps * jobsPerRequest, requestsPerSec: r.rps, meanLatencyMs: r.meanLatencyMs, errors: r.errors };
  if (r.firstError) row.note = r.firstError.slice(0, 160);
  return row;
}

/** Start `edge/<runtime>.ts` with `env`; resolves with its port once it listens. */
async function startProducer(runtime: "bun" | "deno", env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const [cmd, args] =
    runtime === "bun"
      ? [`${ROOT}node_modules/.bin/bun`, ["edge/bun.ts"]]
      : [`${ROOT}node_modules/.bin/deno`, ["run", "--allow-net", "--allow-env", "edge/deno.ts"]];
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (c: Buffer) => process.stderr.write(`  [edge ${runtime}] ${c}`));
  try {
    await waitForPort(port, 20000, () => isAlive(child));
  } catch (err) {
    await stopChild(child, 500);
    throw err;
  }
  return { port, child };
}

/** Run `fn` on a fresh server child of `runtime`; the server is stopped afterwards. */
async function withServer<T>(runtime: "node" | "bun", fn: (s: ServerProcess) => Promise<T>): Promise<T> {
  const s = await ServerProcess.start({ runtime });
  try {
    return await fn(s);
  } finally {
    await s.stop();
  }
}

async function withProducer<T>(runtime: "bun" | "deno", env: Record<string, string>, fn: (port: number) => Promise<T>): Promise<T> {
  const p = await startProducer(runtime, env);
  try {
    return await fn(p.port);
  } finally {
    await stopChild(p.child, 2000);
  }
}

/** Run `fn` against edge/worker.ts in local workerd (wrangler's unstable_startWorker). */
async function withWorker<T>(vars: Record<string, string>, fn: (port: number) => Promise<T>): Promise<T> {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  process.env.WRANGLER_SEND_ERROR_REPORTS ??= "false";
  process.env.WRANGLER_LOG_PATH ??= `${ROOT}.wrangler/logs`;
  const { unstable_startWorker } = await import("wrangler");
  const bindings: Record<string, { type: "plain_text"; value: string }> = {};
  for (const [k, v] of Object.entries(vars)) bindings[k] = { type: "plain_text", value: v };
  const worker = await unstable_startWorker({
    config: `${ROOT}wrangler.toml`,
    build: { nodejsCompatMode: "v2" },
    bindings,
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, logLevel: "error" },
  });
  try {
    await worker.ready;
    return await fn(Number((await worker.url).port));
  } finally {
    await worker.dispose();
  }
}

/** Guard one row: a failure becomes `{error}` so the other rows still run. */
async function row(label: string, fn: () => Promise<unknown>): Promise<unknown> {
  log(`edge bench: ${label} …`);
  try {
    return await fn();
  } catch (err) {
    const msg = (err as Error).message.split("\n")[0]!.slice(0, 160);
    log(`edge bench: ${label} FAILED: ${msg}`);
    return { error: msg };
  }
}

const fmt = (n: number): string => n.toLocaleString("en-US");

/**
 * Compact report: per target one line `single 36,827/s (0.87 ms) · batch100 …`, a
 * flat `per_sec` map for machines, and the Bun server's single-push figure against
 * the 25,000/s aim.
 */
function summarise(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const perSec: Record<string, number> = {};
  for (const [target, v] of Object.entries(raw)) {
    if (v === null || typeof v !== "object") {
      out[target] = v;
      continue;
    }
    const parts: string[] = [];
    for (const [name, r] of Object.entries(v as Record<string, EdgeRow | string>)) {
      if (typeof r !== "object") {
        parts.push(`${name}: ${r}`);
        continue;
      }
      perSec[`${target}.${name}`] = r.perSec;
      const unit = name === "single" ? "pushes/s" : "jobs/s";
      parts.push(`${name} ${fmt(r.perSec)} ${unit} (${r.meanLatencyMs} ms${r.errors ? `, ${r.errors} errors: ${r.note}` : ""})`);
    }
    out[target] = parts.join(" · ");
  }
  out.per_sec = perSec;
  const bun = perSec["server_bun.single"];
  if (bun !== undefined) out.aim_bun_single_25k = `${bun >= 25_000 ? "met" : "missed"} (${fmt(bun)}/s)`;
  return out;
}

/**
 * Run every row. Targets: `server_<runtime>` and `producer_<runtime>_<sink>`,
 * each with `single` (pushes/s) and `batch100` (jobs/s) rows.
 */
export async function runEdgeBench(opts: { quick?: boolean } = {}): Promise<Record<string, unknown>> {
  return summarise(await runRows(opts));
}

async function runRows(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  const sizes: Sizes = { durationMs: opts.quick ? 1000 : 4000, connections: 32 };
  const out: Record<string, unknown> = { connections: sizes.connections, seconds_per_row: sizes.durationMs / 1000, batch_size: BATCH_SIZE };

  for (const runtime of ["node", "bun"] as const) {
    out[`server_${runtime}`] = await row(`server on ${runtime}`, () =>
      withServer(runtime, async (s) => ({
        single: await measure(s.httpPort, "/queues/bench/jobs", SINGLE_BODY, sizes),
        batch100: await measure(s.httpPort, "/queues/bench-b/jobs/batch", BATCH_BODY, sizes, BATCH_SIZE),
      })),
    );
  }

  out.producer_bun_http = await row("producer on bun → http sink → server on bun", () =>
    withServer("bun", (s) =>
      withProducer("bun", { SINK: "http", UPSTREAM_URL: `http://127.0.0.1:${s.httpPort}` }, async (port) => ({
        single: await measure(port, "/queues/bench/jobs", SINGLE_BODY, sizes),
      })),
    ),
  );

  out.producer_workerd_http = await row("producer in workerd → http sink → server on bun", () =>
    withServer("bun", (s) =>
      withWorker({ SINK: "http", UPSTREAM_URL: `http://127.0.0.1:${s.httpPort}` }, async (port) => ({
        single: await measure(port, "/queues/bench/jobs", SINGLE_BODY, sizes),
      })),
    ),
  );

  const db = await freshBenchDatabase();
  if ("reason" in db) {
    out.producer_pg = { skipped: db.reason };
    return out;
  }
  const port = createPostgresPort(db.url, { max: 1 });
  try {
    await migrate(port, Date.now());
  } finally {
    await port.close();
  }
  for (const runtime of ["bun", "deno"] as const) {
    out[`producer_${runtime}_pg`] = await row(`producer on ${runtime} → PostgreSQL`, () =>
      withProducer(runtime, { SINK: "pg", DATABASE_URL: db.url, PG_POOL_SIZE: "10" }, async (p) => ({
        single: await measure(p, "/queues/bench/jobs", SINGLE_BODY, sizes),
        batch100: await measure(p, "/queues/bench-b/jobs/batch", BATCH_BODY, sizes, BATCH_SIZE),
      })),
    );
  }
  // workerd: one PostgreSQL connection per request (Hyperdrive pools it in production).
  out.producer_workerd_pg = await row("producer in workerd → PostgreSQL", () =>
    withWorker({ SINK: "pg", DATABASE_URL: db.url }, async (p) => ({
      single: await measure(p, "/queues/bench/jobs", SINGLE_BODY, { ...sizes, connections: 16 }),
      batch100: await measure(p, "/queues/bench-b/jobs/batch", BATCH_BODY, { ...sizes, connections: 16 }, BATCH_SIZE),
    })),
  );
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runEdgeBench({ quick: process.argv.includes("--quick") });
  console.log(JSON.stringify(result, null, 2));
}
