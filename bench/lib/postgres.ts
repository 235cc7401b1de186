/**
 * PostgreSQL for the durability rows: checks reachability and (re)creates a scratch
 * database `flashq_bench` so every run starts empty. Loopback only.
 */
import postgres from "postgres";
import { canConnect } from "./net.ts";

/** The admin URL (trust auth on the local server), overridable with BENCH_PG_ADMIN_URL. */
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB = "flashq_bench";

/** Recreate the scratch database; resolves to its URL, or to `{reason}` when PostgreSQL is unusable. */
export async function freshBenchDatabase(): Promise<{ url: string } | { reason: string }> {
  if (!(await canConnect(5432))) return { reason: "PostgreSQL not reachable on 127.0.0.1:5432" };
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE ${DB}`);
    return { url: ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`) };
  } catch (err) {
    return { reason: `cannot create database ${DB}: ${(err as Error).message}` };
  } finally {
    await sql.end({ timeout: 2 });
  }
}
