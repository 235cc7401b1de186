/**
 * The durable Storage, written once over the {@link SqlPort}: PostgreSQL through
 * postgres.js, or the embedded PGlite.
 *
 * Writes: each `write(changes)` is coalesced (last change per row wins) and applied
 * as ONE statement — an implicit transaction, one round trip, one WAL flush — so
 * durability costs batches, not rows. Beyond `chunkRows` job rows it is split into
 * statements pipelined in one transaction (still one commit): chunk k+1 is encoded
 * while PostgreSQL applies chunk k. A batch of only new rows, at least `copyMinRows`
 * of them (the push-heavy case), is written by COPY where the port has it
 * (postgres.js), streamed in chunks of `copyChunkRows`; if the COPY fails, the batch
 * goes the statements' way, which report exactly what is wrong. Writes are applied
 * strictly in call order.
 * When the database is unreachable a write is retried for up to `retryWithinMs`,
 * then rejected with a retryable `SERVICE_UNAVAILABLE` error; the engine keeps the
 * batch and sends it again (rows are full images, so re-sending is idempotent).
 *
 * Start-up: `load()` first takes jobs edge producers left behind, then reads every
 * job in id order by keyset pages, fetching the next page while parsing this one.
 */
import type { QueueSettings, Snapshot, Storage, StoredJob } from "../../core/ports.ts";
import type { CronJob } from "../../core/types.ts";
import { CHUNK_ROWS, coalesceLazy, foldChanges, insertsOnly, lazyParts, type BatchParams, type LazyParams } from "./change-batch.ts";
import { COPY_CHUNK_ROWS, COPY_JOBS, COPY_MIN_ROWS, copyChunks } from "./copy-rows.ts";
import { yieldToIo } from "./yield-to-io.ts";
import type { Change } from "../../core/ports.ts";
import { inflateJob } from "./job-codec.ts";
import { isUnreachable, toStorageError } from "./map-error.ts";
import { ID_BLOCK_SIZE } from "./migrations.ts";
import {
  APPLY_BATCH,
  DELETE_JOBS,
  INSERT_JOBS,
  EXTERNAL_CHANNEL,
  LOAD_CRONS,
  LOAD_JOBS_PAGE,
  LOAD_QUEUES,
  MAX_ID,
  TAKE_EXTERNAL,
  UPSERT_JOBS,
} from "./queries.ts";
import type { SqlPort, SqlQueryable } from "./sql-port.ts";

/** Tuning of {@link SqlStorage}. */
export interface SqlStorageOptions {
  /** How long a write keeps retrying while the database is unreachable before it rejects (ms, default 1000). */
  retryWithinMs?: number;
  /** Rows per page when loading (default 20,000). */
  pageSize?: number;
  /** Job rows per statement before a batch is split (default {@link CHUNK_ROWS}; tests lower it). */
  chunkRows?: number;
  /** Rows per chunk of a COPY (default {@link COPY_CHUNK_ROWS}). */
  copyChunkRows?: number;
  /** Fewest new rows a batch needs to go by COPY (default {@link COPY_MIN_ROWS}; tests lower it). */
  copyMinRows?: number;
}

interface JobPageRow extends Record<string, unknown> {
  id: number;
  body: string;
}

const EMPTY = "[]";
const NO_IDS = "{}";
/** Delay before listeners are told to retry a failed take of external jobs. */
const EXTERNAL_RETRY_MS = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Run the parts of a split batch in one transaction, pipelined: each statement is
 * sent before the next part is encoded, so PostgreSQL applies chunk k while chunk
 * k+1 is stringified. The first failure stops encoding; the transaction then
 * rejects with it (statements after it fail as "transaction aborted").
 */
async function execPipelined(tx: SqlQueryable, parts: readonly LazyParams[]): Promise<void> {
  const sent: Promise<unknown>[] = [];
  let failed = false;
  for (const encode of parts) {
    if (failed) break;
    const run = exec(tx, encode());
    run.catch(() => {
      failed = true;
    });
    sent.push(run);
    await yieldToIo();
  }
  await Promise.all(sent);
}

/** SQLSTATE 22P02 / 22023 / 22P05 / 22021: the database refused text in a key or name (lone surrogate, NUL). */
function isBadText(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "22P02" || code === "22023" || code === "22P05" || code === "22021";
}

/** SQLSTATE 23505: a plain INSERT met an existing row. */
function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "23505";
}

/** Parse one stored body; active jobs come back as waiting (pulls are not persisted). */
function parseJob(body: string, id: number): StoredJob {
  const stored = JSON.parse(body) as StoredJob;
  stored.job = inflateJob(stored.job as unknown as Record<string, unknown>, id);
  if (stored.state === "active") stored.state = "waiting";
  return stored;
}

/** Run one statement's worth of a coalesced batch: the cheapest statement that covers it. */
function exec(db: SqlQueryable, p: BatchParams): Promise<unknown> {
  const onlyJobs = p.queueUpserts === null && p.queueDeletes === null && p.cronUpserts === null && p.cronDeletes === null;
  if (onlyJobs) {
    const parts = (p.jobInserts === null ? 0 : 1) + (p.jobUpserts === null ? 0 : 1) + (p.jobDeletes === null ? 0 : 1);
    if (parts === 1) {
      if (p.jobInserts !== null) return db.query(INSERT_JOBS, [p.jobInserts]);
      if (p.jobUpserts !== null) return db.query(UPSERT_JOBS, [p.jobUpserts]);
      return db.query(DELETE_JOBS, [p.jobDeletes]);
    }
  }
  return db.query(APPLY_BATCH, [
    p.jobUpserts ?? EMPTY,
    p.jobDeletes ?? NO_IDS,
    p.queueUpserts ?? EMPTY,
    p.queueDeletes ?? EMPTY,
    p.cronUpserts ?? EMPTY,
    p.cronDeletes ?? EMPTY,
    p.jobInserts ?? EMPTY,
  ]);
}

/** Durable {@link Storage} over a SQL port. Create with {@link openSqlStorage}. */
export class SqlStorage implements Storage {
  readonly durable = true;
  private readonly port: SqlPort;
  private readonly retryWithinMs: number;
  private readonly pageSize: number;
  private readonly chunkRows: number;
  private readonly copyChunkRows: number;
  private readonly copyMinRows: number;
  /** Chain that keeps writes in call order. */
  private tail: Promise<void> = Promise.resolve();
  /** The last write failed in a way that leaves its outcome unknown. */
  private uncertain = false;
  private closed = false;
  /** Who listens for external inserts (told again after a failed take). */
  private readonly listeners = new Set<() => void>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(port: SqlPort, options: SqlStorageOptions = {}) {
    this.port = port;
    this.retryWithinMs = options.retryWithinMs ?? 1000;
    this.pageSize = options.pageSize ?? 20_000;
    this.chunkRows = options.chunkRows ?? CHUNK_ROWS;
    this.copyChunkRows = options.copyChunkRows ?? COPY_CHUNK_ROWS;
    this.copyMinRows = options.copyMinRows ?? COPY_MIN_ROWS;
  }

  /** Load everything at start-up (after taking pending edge inserts). */
  async load(): Promise<Snapshot> {
    try {
      await this.port.query(TAKE_EXTERNAL);
      const [jobs, queues, crons, max] = await Promise.all([
        this.loadJobs(),
        this.port.query<QueueSettings & Record<string, unknown>>(LOAD_QUEUES),
        this.port.query<{ body: string }>(LOAD_CRONS),
        this.port.query<{ max_id: number }>(MAX_ID, [ID_BLOCK_SIZE]),
      ]);
      return {
        jobs,
        queues: queues.map((q) => ({
          queue: q.queue,
          paused: q.paused,
          rate_limit: q.rate_limit === null ? null : Number(q.rate_limit),
          concurrency_limit: q.concurrency_limit === null ? null : Number(q.concurrency_limit),
        })),
        crons: crons.map((c) => JSON.parse(c.body) as CronJob),
        maxId: Number(max[0]?.max_id ?? 0),
      };
    } catch (err) {
      throw toStorageError(err, "Storage load");
    }
  }

  private async loadJobs(): Promise<StoredJob[]> {
    const jobs: StoredJob[] = [];
    const size = this.pageSize;
    let page = await this.port.query<JobPageRow>(LOAD_JOBS_PAGE, [0, size]);
    while (page.length > 0) {
      // Ask for the next page before parsing this one: the database works while we parse.
      const next =
        page.length < size ? null : this.port.query<JobPageRow>(LOAD_JOBS_PAGE, [page[page.length - 1]!.id, size]);
      for (let i = 0; i < page.length; i++) jobs.push(parseJob(page[i]!.body, page[i]!.id));
      if (next === null) break;
      page = await next;
    }
    return jobs;
  }

  /** Record a batch atomically, after every earlier batch. */
  write(changes: Change[]): Promise<void> {
    const run = this.tail.then(() => this.apply(changes));
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async apply(changes: readonly Change[]): Promise<void> {
    let upserting = this.uncertain;
    let cleaned = false;
    const folded = foldChanges(changes, upserting);
    // Many new rows and nothing else (a push-heavy batch): COPY, where the port has it.
    let copying = this.port.copyIn !== undefined && insertsOnly(folded) && folded.inserts.length >= this.copyMinRows;
    let parts = copying ? [] : lazyParts(folded, false, this.chunkRows);
    if (!copying && parts.length === 0) return;
    const deadline = Date.now() + this.retryWithinMs;
    let pause = 50;
    for (;;) {
      try {
        if (copying) await this.port.copyIn!(COPY_JOBS, copyChunks(folded.inserts, this.copyChunkRows));
        else if (parts.length === 1) await exec(this.port, parts[0]!());
        else {
          const all = parts;
          await this.port.transaction((tx) => execPipelined(tx, all));
        }
        this.uncertain = false;
        return;
      } catch (err) {
        // A lost connection may have lost the commit's answer, not the commit.
        if (isUnreachable(err)) this.uncertain = true;
        if (copying) {
          // A failed COPY wrote nothing, and may not say why (see copy-in.ts): the plain
          // statements take over this batch and report exactly what is wrong with it.
          copying = false;
          parts = lazyParts(folded, false, this.chunkRows);
          if (!this.uncertain) continue;
        }
        if (!cleaned && isBadText(err)) {
          cleaned = true;
          parts = coalesceLazy(changes, upserting, true, this.chunkRows);
          continue;
        }
        if (!upserting && (isUniqueViolation(err) || this.uncertain)) {
          // A "new" row may exist already (an earlier write committed after all): upsert.
          upserting = true;
          parts = coalesceLazy(changes, true, cleaned, this.chunkRows);
          if (isUniqueViolation(err)) continue;
        }
        const mapped = toStorageError(err, "Storage write");
        if (!mapped.retryable || this.closed || Date.now() + pause > deadline) throw mapped;
        await sleep(pause);
        pause = Math.min(pause * 2, 500);
      }
    }
  }

  /** Call `onInserted` whenever an edge producer may have inserted jobs (LISTEN flashq_jobs). */
  async listen(onInserted: () => void): Promise<() => Promise<void>> {
    this.listeners.add(onInserted);
    const unlisten = await this.port.listen(EXTERNAL_CHANNEL, onInserted);
    return async () => {
      this.listeners.delete(onInserted);
      await unlisten();
    };
  }

  /**
   * Take (once, across all servers) the jobs edge producers inserted, in id order.
   * Never rejects: when the database is unreachable it returns [] and tells the
   * listeners to try again a second later (a notification's handler has nobody to
   * report an error to).
   */
  async takeExternal(): Promise<StoredJob[]> {
    try {
      const rows = await this.port.query<JobPageRow>(TAKE_EXTERNAL);
      rows.sort((a, b) => a.id - b.id);
      return rows.map((r) => parseJob(r.body, r.id));
    } catch {
      if (!this.closed && this.listeners.size > 0 && this.retryTimer === null) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          for (const l of this.listeners) l();
        }, EXTERNAL_RETRY_MS);
        (this.retryTimer as { unref?: () => void }).unref?.();
      }
      return [];
    }
  }

  /** Wait for queued writes, then release connections. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    await this.tail;
    await this.port.close();
  }
}
