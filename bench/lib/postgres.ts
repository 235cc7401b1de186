/**
 * PostgreSQL for the durability rows: checks reachability and creates a scratch database
 * per workload (`flashq_bench_<pid>_<n>`, unique so parallel runs never collide), dropped
 * afterwards; databases of killed runs (pid gone) are dropped on the next run. Loopback only.
 */
import postgres from "postgres";
import { canConnect } from "./net.ts";

/** The admin URL (trust auth on the local server), overridable with BENCH_PG_ADMIN_URL. */
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
let seq = 0;

/** A scratch database: its URL and how to drop it. */
export interface ScratchDb {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

let swept = false;

/** Drop scratch databases left by bench runs that were killed (their pid is gone). */
async function dropStale(): Promise<void> {
  if (swept) return;
  swept = true;
  await admin(async (sql) => {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like 'flashq\_bench%'`;
    for (const { datname } of rows) {
      const m = /^flashq_bench(?:_(\d+)_\d+)?$/.exec(datname);
      if (!m || (m[1] && pidAlive(Number(m[1])))) continue;
      await sql.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
    }
  }).catch(() => {});
}

/** Create an empty scratch database; resolves to it, or to `{reason}` when PostgreSQL is unusable. */
export async function freshBenchDatabase(): Promise<ScratchDb | { reason: string }> {
  if (!(await canConnect(5432))) return { reason: "PostgreSQL not reachable on 127.0.0.1:5432" };
  await dropStale();
  const name = `flashq_bench_${process.pid}_${++seq}`;
  try {
    await admin((sql) => sql.unsafe(`CREATE DATABASE ${name}`));
  } catch (err) {
    return { reason: `cannot create database ${name}: ${(err as Error).message}` };
  }
  return {
    url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: () => admin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined, () => undefined),
  };
}
