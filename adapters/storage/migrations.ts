/**
 * Schema migrations: numbered, append-only, embedded here as TypeScript so that
 * no file is read at run time (works on Node, Bun, Deno and in bundles).
 * Never edit a released migration; add the next number instead.
 *
 * Each migration runs in its own transaction that first takes a transaction-level
 * advisory lock, so servers starting at the same time apply each migration exactly
 * once (the others wait, then see the version row and skip it). A database that
 * carries a newer *breaking* migration than this build knows is refused.
 */
import { FlashQError } from "../../core/errors.ts";
import type { SqlPort, SqlQueryable } from "./sql-port.ts";

/** One schema step. */
export interface Migration {
  version: number;
  name: string;
  /** Older builds must refuse a database that has this migration. */
  breaking: boolean;
  /** Statements run in order, one per call (no `;`-separated scripts). */
  statements: readonly string[];
}

/** Ids are handed out in blocks of this size: one `nextval` of the shared sequence = one block. */
export const ID_BLOCK_SIZE = 1000;

/** The advisory-lock key that serialises migrators ("flashq" folded into 48 bits). */
const MIGRATION_LOCK_KEY = "7364851623";

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "jobs, queues, crons, id sequence",
    breaking: false,
    statements: [
      // One block of ID_BLOCK_SIZE ids per nextval: servers reserve several blocks
      // at once; an edge producer's batch (≤ 1000 jobs) takes exactly one.
      `create sequence if not exists flashq_job_id_seq as bigint start with 1 increment by ${ID_BLOCK_SIZE} minvalue 1`,
      // `body` is the StoredJob as JSON text, the job without its default fields
      // (job-codec.ts): fastest to write and to load. custom_id / unique_key let
      // edge producers answer a retried push with the original id; their indexes
      // are partial, so jobs without them cost nothing there.
      `create table if not exists flashq_jobs (
         id bigint primary key,
         queue text not null,
         state text not null,
         custom_id text,
         unique_key text,
         body text not null
       )`,
      `create index if not exists flashq_jobs_custom_id on flashq_jobs (custom_id) where custom_id is not null`,
      `create index if not exists flashq_jobs_unique_key on flashq_jobs (queue, unique_key) where unique_key is not null`,
      // Jobs edge producers inserted straight into the database, until a server takes them.
      `create table if not exists flashq_external (
         id bigint primary key,
         queue text not null,
         state text not null,
         custom_id text,
         unique_key text,
         body text not null
       )`,
      `create table if not exists flashq_queues (
         queue text primary key,
         paused boolean not null default false,
         rate_limit double precision,
         concurrency_limit double precision
       )`,
      `create table if not exists flashq_crons (
         name text primary key,
         body text not null
       )`,
    ],
  },
  {
    version: 2,
    name: "edge debounce windows",
    breaking: false,
    statements: [
      // debounce_id windows of pushes edge producers wrote (a server keeps its own in
      // memory): pushes with the id are refused while until_ms > now. Expired rows
      // are deleted by later edge pushes that carry a debounce id (the index).
      `create table if not exists flashq_debounce (
         queue text not null,
         debounce_id text not null,
         until_ms bigint not null,
         primary key (queue, debounce_id)
       )`,
      `create index if not exists flashq_debounce_until on flashq_debounce (until_ms)`,
    ],
  },
];

const CREATE_MIGRATIONS_TABLE = `create table if not exists flashq_migrations (
  version integer primary key,
  name text not null,
  breaking boolean not null default false,
  applied_at bigint not null
)`;
const LOCK = `select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
const APPLIED = `select version, breaking from flashq_migrations order by version`;
const RECORD = `insert into flashq_migrations (version, name, breaking, applied_at) values ($1, $2, $3, $4)`;

interface AppliedRow extends Record<string, unknown> {
  version: number;
  breaking: boolean;
}

async function appliedVersions(tx: SqlQueryable): Promise<AppliedRow[]> {
  await tx.query(LOCK);
  await tx.query(CREATE_MIGRATIONS_TABLE);
  return tx.query<AppliedRow>(APPLIED);
}

/**
 * Bring the schema up to date. Safe to call from several processes at once.
 * @param now epoch ms recorded as `applied_at`.
 * @returns the versions this call applied (empty when already up to date).
 */
export async function migrate(port: SqlPort, now: number, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  for (const m of migrations) {
    const did = await port.transaction(async (tx) => {
      const rows = await appliedVersions(tx);
      const newer = rows.find((r) => Number(r.version) > latest && r.breaking);
      if (newer) {
        throw new FlashQError(
          `Database schema version ${newer.version} is newer than this server understands (${latest}); upgrade the server`,
          "DATABASE_ERROR",
          false,
        );
      }
      if (rows.some((r) => Number(r.version) === m.version)) return false;
      // Version row first: a migrator that somehow got past the lock fails on the key.
      await tx.query(RECORD, [m.version, m.name, m.breaking ? "true" : "false", now]);
      for (const statement of m.statements) await tx.query(statement);
      return true;
    });
    if (did) applied.push(m.version);
  }
  return applied;
}
