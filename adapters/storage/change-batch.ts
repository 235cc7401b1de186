/**
 * Coalesces a list of {@link Change}s into the final row image per job, queue and
 * cron (last change wins), then into the JSON parameters of one statement.
 * A job inserted and removed within the same batch writes nothing at all, and a
 * job inserted in this batch is a plain INSERT (cheaper than an upsert: ids never
 * repeat) — unless the previous write's outcome is unknown (`uncertain`): then
 * rows may already exist, so every row is an upsert and every delete is kept.
 */
import type { Change, QueueSettings, StoredJob } from "../../core/ports.ts";
import type { CronJob } from "../../core/types.ts";
import { deflateJob } from "./job-codec.ts";

/** What one statement of a coalesced batch writes. */
export interface BatchParams {
  /** JSON array of new job rows (plain insert), or null when none. */
  jobInserts: string | null;
  /** JSON array of job rows to upsert, or null when none. */
  jobUpserts: string | null;
  /** Job ids to delete as an int8 array literal (`{1,2,3}`), or null when none. */
  jobDeletes: string | null;
  /** JSON array of queue settings to upsert, or null. */
  queueUpserts: string | null;
  /** JSON array of queue names to delete, or null. */
  queueDeletes: string | null;
  /** JSON array of `{n, b}` cron rows to upsert, or null. */
  cronUpserts: string | null;
  /** JSON array of cron names to delete, or null. */
  cronDeletes: string | null;
}

/** A job row as `json_to_recordset` reads it (short keys keep the payload small). */
interface JobRow {
  i: number;
  q: string;
  s: string;
  /** custom_id, left out when null. */
  k?: string;
  /** unique_key, left out when null. */
  u?: string;
  /** The body as JSON text (see queries.ts on why a string). */
  b: string;
}

/** The stored body: the StoredJob with the job deflated (see job-codec.ts). */
export function storedBody(stored: StoredJob): Record<string, unknown> {
  const b: Record<string, unknown> = { job: deflateJob(stored.job), state: stored.state };
  if (stored.result !== undefined) b.result = stored.result;
  if (stored.error !== undefined) b.error = stored.error;
  if (stored.logs !== undefined && stored.logs.length > 0) b.logs = stored.logs;
  return b;
}

/**
 * Job rows per statement: larger batches (group commits of many producers, a backlog
 * re-sent after an outage) are split, in one transaction, and pipelined (sql-storage.ts):
 * small enough that encoding the next chunk overlaps PostgreSQL applying this one.
 */
export const CHUNK_ROWS = 1_000;

function emptyParams(): BatchParams {
  return {
    jobInserts: null,
    jobUpserts: null,
    jobDeletes: null,
    queueUpserts: null,
    queueDeletes: null,
    cronUpserts: null,
    cronDeletes: null,
  };
}

/** A job row as `json_to_recordset` reads it (the body is stringified here: the costly part). */
function jobRow(stored: StoredJob, t: (x: string) => string): JobRow {
  const j = stored.job;
  const row: JobRow = { i: j.id, q: t(j.queue), s: stored.state, b: JSON.stringify(storedBody(stored)) };
  if (j.custom_id !== null) row.k = t(j.custom_id);
  if (j.unique_key !== null) row.u = t(j.unique_key);
  return row;
}

/** The JSON array of the rows of `jobs[from, to)`. */
function encodeRows(jobs: readonly StoredJob[], from: number, to: number, t: (x: string) => string): string {
  const rows: JobRow[] = new Array(to - from);
  for (let k = from; k < to; k++) rows[k - from] = jobRow(jobs[k]!, t);
  return JSON.stringify(rows);
}

/** Job ids as a PostgreSQL array literal: integers need no quoting. */
export function idArray(ids: readonly number[]): string {
  return `{${ids.join(",")}}`;
}

/** One statement's parameters, encoded only when called (see {@link coalesceLazy}). */
export type LazyParams = () => BatchParams;

/** A batch folded to its final row images (last change per row wins). */
export interface FoldedBatch {
  /** Rows new in this batch (plain INSERT: ids never repeat), in first-change order. */
  inserts: StoredJob[];
  /** Rows to insert or overwrite. */
  upserts: StoredJob[];
  /** Ids of rows to delete. */
  deletes: number[];
  /** Queue settings to upsert (value) or delete (null). */
  queues: Map<string, QueueSettings | null> | null;
  /** Crons to upsert (value) or delete (null). */
  crons: Map<string, CronJob | null> | null;
}

/**
 * Fold `changes` into the final image per job, queue and cron. A job inserted and
 * removed within the batch disappears; a job inserted here is a plain insert.
 * @param uncertain the previous write may have committed although it reported
 *   failure: upsert every row and keep every delete.
 */
export function foldChanges(changes: readonly Change[], uncertain: boolean): FoldedBatch {
  // Map value: the row image to upsert, or null to delete. `fresh`: inserted here.
  const jobs = new Map<number, StoredJob | null>();
  const fresh = new Set<number>();
  let queues: Map<string, QueueSettings | null> | null = null;
  let crons: Map<string, CronJob | null> | null = null;
  for (const c of changes) {
    switch (c.type) {
      case "inserted":
        jobs.set(c.stored.job.id, c.stored);
        fresh.add(c.stored.job.id);
        break;
      case "updated":
        jobs.set(c.stored.job.id, c.stored);
        break;
      case "removed":
        if (!uncertain && fresh.has(c.id)) jobs.delete(c.id);
        else jobs.set(c.id, null);
        break;
      case "queue":
        (queues ??= new Map()).set(c.settings.queue, c.settings);
        break;
      case "queueRemoved":
        (queues ??= new Map()).set(c.queue, null);
        break;
      case "cron":
        (crons ??= new Map()).set(c.cron.name, c.cron);
        break;
      case "cronRemoved":
        (crons ??= new Map()).set(c.name, null);
        break;
    }
  }
  const inserts: StoredJob[] = [];
  const upserts: StoredJob[] = [];
  const deletes: number[] = [];
  for (const [id, stored] of jobs) {
    if (stored === null) deletes.push(id);
    else if (!uncertain && fresh.has(id)) inserts.push(stored);
    else upserts.push(stored);
  }
  return { inserts, upserts, deletes, queues, crons };
}

/** True when the batch only inserts new job rows (what COPY can write). */
export function insertsOnly(f: FoldedBatch): boolean {
  return f.inserts.length > 0 && f.upserts.length === 0 && f.deletes.length === 0 && f.queues === null && f.crons === null;
}

/**
 * Coalesce `changes` into the parameters of one statement — or, beyond `chunkRows`
 * job rows, of several statements to run in one transaction (every row appears in
 * exactly one of them); see {@link foldChanges} and {@link lazyParts}.
 */
export function coalesceLazy(
  changes: readonly Change[],
  uncertain: boolean,
  clean = false,
  chunkRows = CHUNK_ROWS,
): LazyParams[] {
  return lazyParts(foldChanges(changes, uncertain), clean, chunkRows);
}

/**
 * The statements' parameters of a folded batch. Each statement's rows are encoded
 * (bodies stringified: the costly part) only when its function is called, so the
 * storage can encode the next chunk while PostgreSQL applies the previous one.
 * Returns [] when nothing is to be written; every function returns a non-empty part.
 * @param clean replace characters PostgreSQL refuses in keys and names (after it
 *   refused the batch); bodies are JSON-escaped and never need it.
 */
export function lazyParts(f: FoldedBatch, clean = false, chunkRows = CHUNK_ROWS): LazyParams[] {
  const t = clean ? storable : (x: string) => x;
  const { inserts, upserts, deletes, queues, crons } = f;
  const params = emptyParams();
  if (queues) {
    const put: QueueSettings[] = [];
    const del: string[] = [];
    for (const [name, s] of queues) {
      if (s === null) del.push(t(name));
      else put.push(clean ? { ...s, queue: t(s.queue) } : s);
    }
    if (put.length > 0) params.queueUpserts = JSON.stringify(put);
    if (del.length > 0) params.queueDeletes = JSON.stringify(del);
  }
  if (crons) {
    const put: { n: string; b: string }[] = [];
    const del: string[] = [];
    for (const [name, cron] of crons) {
      if (cron === null) del.push(t(name));
      else put.push({ n: t(name), b: JSON.stringify(cron) });
    }
    if (put.length > 0) params.cronUpserts = JSON.stringify(put);
    if (del.length > 0) params.cronDeletes = JSON.stringify(del);
  }
  const out: LazyParams[] = [];
  if (inserts.length + upserts.length + deletes.length <= chunkRows) {
    if (inserts.length === 0 && upserts.length === 0 && deletes.length === 0 && isEmpty(params)) return out;
    out.push(() => {
      if (inserts.length > 0) params.jobInserts = encodeRows(inserts, 0, inserts.length, t);
      if (upserts.length > 0) params.jobUpserts = encodeRows(upserts, 0, upserts.length, t);
      if (deletes.length > 0) params.jobDeletes = idArray(deletes);
      return params;
    });
    return out;
  }
  if (!isEmpty(params)) out.push(() => params);
  for (let k = 0; k < inserts.length; k += chunkRows) {
    const to = Math.min(k + chunkRows, inserts.length);
    out.push(() => ({ ...emptyParams(), jobInserts: encodeRows(inserts, k, to, t) }));
  }
  for (let k = 0; k < upserts.length; k += chunkRows) {
    const to = Math.min(k + chunkRows, upserts.length);
    out.push(() => ({ ...emptyParams(), jobUpserts: encodeRows(upserts, k, to, t) }));
  }
  for (let k = 0; k < deletes.length; k += chunkRows) {
    const ids = deletes.slice(k, k + chunkRows);
    out.push(() => ({ ...emptyParams(), jobDeletes: idArray(ids) }));
  }
  return out;
}

/** True when the batch writes nothing. */
export function isEmpty(p: BatchParams): boolean {
  return (
    p.jobInserts === null &&
    p.jobUpserts === null &&
    p.jobDeletes === null &&
    p.queueUpserts === null &&
    p.queueDeletes === null &&
    p.cronUpserts === null &&
    p.cronDeletes === null
  );
}

/** Lone UTF-16 surrogates and NUL: text PostgreSQL refuses (in json escapes or text columns). */
const UNSTORABLE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/g;

/** `s` with unstorable characters replaced by U+FFFD (only used after the database refused a batch). */
export function storable(s: string): string {
  return s.replace(UNSTORABLE, "\ufffd");
}
