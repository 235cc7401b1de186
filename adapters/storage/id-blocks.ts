/**
 * Job ids from the shared PostgreSQL sequence `flashq_job_id_seq`, which edge
 * producers use too. The sequence counts in blocks: every `nextval` returns the
 * first id of a fresh block of {@link ID_BLOCK_SIZE} ids (increment = block size),
 * so one round trip reserves thousands of ids and an edge batch (≤ 1000 jobs)
 * costs one `nextval`.
 *
 * `next()` must be synchronous, so blocks are reserved ahead: when fewer than half
 * of the target reserve is left, a refill starts in the background. If a burst
 * still empties the reserve, `next()` throws a retryable SERVICE_UNAVAILABLE and
 * the target doubles. Ids never repeat across restarts (a restarted server gets
 * new blocks; unused ids of the old reserve are simply skipped).
 */
import { FlashQError } from "../../core/errors.ts";
import type { IdSource } from "../../core/ports.ts";
import { toStorageError } from "./map-error.ts";
import { ID_BLOCK_SIZE } from "./migrations.ts";
import { RESERVE_ID_BLOCKS } from "./queries.ts";
import type { SqlQueryable } from "./sql-port.ts";

/** Tuning of {@link BlockIdSource}. */
export interface BlockIdOptions {
  /** Blocks to keep reserved (default 20 = 20,000 ids). */
  reserveBlocks?: number;
  /** Upper bound for the adaptive reserve (default 500 blocks). */
  maxReserveBlocks?: number;
}

/** An {@link IdSource} fed by blocks of the shared sequence. */
export class BlockIdSource implements IdSource {
  private readonly db: SqlQueryable;
  private readonly maxBlocks: number;
  private targetBlocks: number;
  /** First ids of reserved blocks not yet started, ascending. */
  private readonly blocks: number[] = [];
  private nextId = 0;
  /** Last id of the current block (inclusive); nextId > end means "no current block". */
  private end = -1;
  private refilling: Promise<void> | null = null;
  /** Last refill failure, if the latest refill failed. */
  lastError: unknown = null;

  constructor(db: SqlQueryable, options: BlockIdOptions = {}) {
    this.db = db;
    this.targetBlocks = options.reserveBlocks ?? 20;
    this.maxBlocks = options.maxReserveBlocks ?? 500;
  }

  /** Ids left in the reserve. */
  get available(): number {
    return Math.max(0, this.end - this.nextId + 1) + this.blocks.length * ID_BLOCK_SIZE;
  }

  /** Reserve the initial blocks; await before handing the source to an engine. */
  async start(): Promise<void> {
    await this.refill();
    if (this.lastError !== null) throw toStorageError(this.lastError, "Reserving job ids");
  }

  /** Next id, from the reserve. Throws a retryable error when the reserve is empty. */
  next(): number {
    if (this.nextId > this.end) {
      const first = this.blocks.shift();
      if (first === undefined) {
        if (this.targetBlocks < this.maxBlocks) this.targetBlocks = Math.min(this.maxBlocks, this.targetBlocks * 2);
        void this.refill();
        throw new FlashQError("Job id reserve exhausted; retry shortly", "SERVICE_UNAVAILABLE", true, {
          cause: this.lastError ?? undefined,
        });
      }
      this.nextId = first;
      this.end = first + ID_BLOCK_SIZE - 1;
    }
    const id = this.nextId++;
    if (this.refilling === null && this.available < (this.targetBlocks * ID_BLOCK_SIZE) / 2) void this.refill();
    return id;
  }

  /** Top the reserve up to the target; one refill at a time; never rejects. */
  refill(): Promise<void> {
    if (this.refilling) return this.refilling;
    const want = this.targetBlocks - this.blocks.length;
    if (want <= 0) return Promise.resolve();
    this.refilling = this.db
      .query<{ first: number }>(RESERVE_ID_BLOCKS, [want])
      .then(
        (rows) => {
          for (const r of rows) this.blocks.push(Number(r.first));
          this.blocks.sort((a, b) => a - b);
          this.lastError = null;
        },
        (err: unknown) => {
          this.lastError = err;
        },
      )
      .finally(() => {
        this.refilling = null;
      });
    return this.refilling;
  }
}
