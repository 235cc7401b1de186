/**
 * Durable throughput: the engine with the SQL storage (commit before reply), on
 * PostgreSQL and on PGlite. Phases per backend:
 *   1. batch push: P producers, each `pushBatch(1000)` then `await settled()` (the
 *      server's commit-before-reply), until N jobs — group commit merges them;
 *   2. processing: C consumers, each `tryPull(1000)` → `ackBatch` → `await settled()`;
 *   3. recovery (PostgreSQL): R jobs in the database, time from opening the storage
 *      to a started engine holding them all.
 * Run alone: `node --import tsx bench/durable.ts [--quick]`. `runDurableBench()`
 * returns the figures (bench/run.ts calls it).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type Clock, type Engine } from "../core/index.ts";
import { createPostgresPort } from "../adapters/postgres/driver.ts";
import { openSqlPort, openSqlStorage } from "../adapters/storage/open.ts";
import { createPglitePort } from "../adapters/storage/pglite-driver.ts";
import type { SqlPort } from "../adapters/storage/sql-port.ts";
import type { Storage, StoredJob } from "../core/ports.ts";

const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Figures of one backend. */
export interface DurableBackendResult {
  backend: "postgres" | "pglite";
  jobs: number;
  producers: number;
  consumers: number;
  batchPushPerSec: number;
  processedPerSec: number;
  /** Storage writes (group commits) during push and processing. */
  commits: number;
  recovery?: { jobs: number; totalMs: number; loadMs: number };
}

/** What {@link runDurableBench} returns. */
export interface DurableBenchResult {
  results: DurableBackendResult[];
  notes: string[];
}

const BATCH = 1000;
const log = (s: string) => process.stderr.write(`[durable] ${s}\n`);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** A fresh PostgreSQL database for the bench (DATABASE_URL's server, else 127.0.0.1:5432). */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const env = process.env.BENCH_PG_ADMIN_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const admin = env && /^postgres/.test(env) ? env : "postgres://postgres@127.0.0.1:5432/postgres";
  const name = "flashq_durable_bench";
  const port = createPostgresPort(admin, { max: 1, connectTimeoutSec: 3 });
  try {
    await port.query(`drop database if exists ${name} with (force)`);
    await port.query(`create database ${name}`);
  } catch (err) {
    log(`PostgreSQL unavailable: ${(err as Error).message}`);
    return null;
  } finally {
    await port.close();
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const p = createPostgresPort(admin, { max: 1 });
      await p.query(`drop database if exists ${name} with (force)`).finally(() => p.close());
    },
  };
}

function inputs(n: number, base: number): { data: unknown }[] {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { data: { i: base + i, email: "user@example.com", kind: "welcome" } };
  return out;
}

async function pushPhase(engine: Engine, jobs: number, producers: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: producers }, async () => {
      while (next < jobs) {
        const n = Math.min(BATCH, jobs - next);
        const base = next;
        next += n;
        engine.pushBatch("durable", inputs(n, base));
        await engine.settled();
      }
    }),
  );
  return performance.now() - t0;
}

async function processPhase(engine: Engine, jobs: number, consumers: number): Promise<{ ms: number; acked: number }> {
  let acked = 0;
  let idle = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: consumers }, async () => {
      // Until everything is acked — or nothing is left to pull (a job could have
      // been dropped by the engine's stall handling under extreme load).
      while (acked < jobs) {
        const got = engine.tryPull("durable", BATCH);
        if (got.length === 0) {
          const st = engine.stats();
          if (st.queued === 0 && st.processing === 0 && st.delayed === 0 && ++idle > 100) break;
          await new Promise((r) => setTimeout(r, 1));
          continue;
        }
        idle = 0;
        acked += engine.ackBatch(got.map((j) => j.id));
        await engine.settled();
      }
    }),
  );
  return { ms: performance.now() - t0, acked };
}

async function throughput(backend: DurableBackendResult["backend"], makePort: () => Promise<SqlPort>, jobs: number): Promise<DurableBackendResult> {
  const producers = 8;
  const consumers = 4;
  const { storage, ids } = await openSqlStorage(await makePort());
  let commits = 0;
  const counting: Storage = {
    durable: true,
    load: () => storage.load(),
    write: (c) => {
      commits++;
      return storage.write(c);
    },
    close: () => storage.close(),
  };
  const engine = createEngine({ clock: realClock, storage: counting, ids });
  await engine.start();
  log(`${backend}: pushing ${jobs} jobs (${producers} producers × batches of ${BATCH}, commit before reply)`);
  const pushMs = await pushPhase(engine, jobs, producers);
  log(`${backend}: batch push ${rate(jobs, pushMs)} jobs/s (${commits} commits)`);
  const pushCommits = commits;
  const { ms: procMs, acked } = await processPhase(engine, jobs, consumers);
  log(`${backend}: processed ${rate(acked, procMs)} jobs/s (${acked} acked, ${commits - pushCommits} commits)`);
  await engine.stop();
  await storage.close();
  return {
    backend,
    jobs,
    producers,
    consumers,
    batchPushPerSec: rate(jobs, pushMs),
    processedPerSec: rate(acked, procMs),
    commits,
  };
}

/** Fill the database with `jobs` waiting jobs straight through the storage (fast), then time a cold start. */
async function recovery(url: string, jobs: number): Promise<NonNullable<DurableBackendResult["recovery"]>> {
  const { storage, ids } = await openSqlStorage(await openSqlPort(url));
  log(`postgres: writing ${jobs} jobs for the recovery test`);
  const now = Date.now();
  const writes: Promise<void>[] = [];
  for (let done = 0; done < jobs; done += 5000) {
    const batch = [];
    for (let i = 0; i < 5000 && done + i < jobs; i++) {
      const job = template(ids.next(), now, done + i);
      batch.push({ type: "inserted" as const, stored: { job, state: "waiting" } as StoredJob });
    }
    writes.push(storage.write(batch));
    if (writes.length >= 4) await writes.shift();
  }
  await Promise.all(writes);
  await storage.close();
  log(`postgres: cold start with ${jobs} jobs in the database`);
  const t0 = performance.now();
  const opened = await openSqlStorage(await openSqlPort(url));
  const t1 = performance.now();
  const snap = await opened.storage.load();
  const loadMs = performance.now() - t1;
  const engine = createEngine({ clock: realClock, storage: { durable: true, load: async () => snap, write: (c) => opened.storage.write(c), close: () => opened.storage.close() }, ids: opened.ids });
  await engine.start();
  const totalMs = performance.now() - t0;
  const held = engine.count("durable");
  await engine.stop();
  await opened.storage.close();
  if (held < jobs) throw new Error(`recovered ${held} of ${jobs} jobs`);
  log(`postgres: recovered ${held} jobs in ${Math.round(totalMs)} ms (load ${Math.round(loadMs + (t1 - t0))} ms)`);
  return { jobs, totalMs: Math.round(totalMs), loadMs: Math.round(loadMs + (t1 - t0)) };
}

function template(id: number, now: number, i: number) {
  return {
    id, queue: "durable", data: { i, email: "user@example.com", kind: "welcome" }, priority: 0, created_at: now, run_at: now,
    started_at: 0, attempts: 0, max_attempts: 0, backoff: 0, backoff_type: "exponential" as const, ttl: 0, timeout: 0,
    unique_key: null, depends_on: [], progress: 0, progress_msg: null, tags: [], lifo: false, remove_on_complete: false,
    remove_on_fail: false, last_heartbeat: 0, stall_timeout: 30000, stall_count: 0, parent_id: null, children_ids: [],
    children_completed: 0, custom_id: null, keep_completed_age: 0, keep_completed_count: 0, completed_at: 0, group_id: null,
  };
}

/** Run the durable bench; `quick` shrinks the job counts. */
export async function runDurableBench(opts: { quick?: boolean } = {}): Promise<DurableBenchResult> {
  const jobs = opts.quick ? 50_000 : 200_000;
  const recoveryJobs = opts.quick ? 100_000 : 1_000_000;
  const results: DurableBackendResult[] = [];
  const notes: string[] = [];
  const db = await freshDatabase();
  if (db) {
    try {
      const r = await throughput("postgres", () => openSqlPort(db.url), jobs);
      await db.drop();
      const db2 = await freshDatabase();
      if (db2) {
        r.recovery = await recovery(db2.url, recoveryJobs);
        await db2.drop();
      }
      results.push(r);
    } catch (err) {
      notes.push(`postgres: ${(err as Error).message}`);
    }
  } else notes.push("postgres: no server reachable");
  const dir = mkdtempSync(join(tmpdir(), "flashq-bench-pglite-"));
  try {
    results.push(await throughput("pglite", () => createPglitePort(dir), Math.min(jobs, 50_000)));
  } catch (err) {
    notes.push(`pglite: ${(err as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, notes };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, "/"))) {
  const res = await runDurableBench({ quick: process.argv.includes("--quick") });
  console.log(JSON.stringify(res, null, 2));
}
