/**
 * The port between the edge producer and where jobs go. Two implementations:
 * `sinks/http-sink.ts` (forward to a server's HTTP API) and `sinks/pg-sink.ts`
 * (write straight into PostgreSQL). Tests may use any object of this shape.
 *
 * A sink resolves only once the job is durable (or accepted by the server);
 * it rejects with a FlashQError (`SERVICE_UNAVAILABLE`, `VALIDATION_ERROR`, …)
 * that the producer maps to an HTTP status in one place.
 */
import type { JobInput } from "../core/types.ts";

/** What a single push resolves to: the reply's `data`, an object with at least the job id. */
export interface PushedJob {
  id: number;
  [field: string]: unknown;
}

/** One push request as the producer hands it over. */
export interface PushRequest {
  queue: string;
  /** Validated, normalised input. */
  input: JobInput;
  /** The request body as received (already validated): forwarded as is by the HTTP sink. */
  raw: string;
  /** The caller's `Authorization` header, if any. */
  authorization?: string;
}

/** One batch push request. */
export interface BatchRequest {
  queue: string;
  inputs: JobInput[];
  raw: string;
  authorization?: string;
}

/** One batch item the sink refused (the server's `errors` entries; others' ids stay in order). */
export interface BatchItemError {
  index: number;
  error: string;
  code: string;
  jobId?: number;
}

/** What a batch push resolves to: the ids of the accepted jobs, in input order, and any refusals. */
export interface BatchOutcome {
  ids: number[];
  errors?: BatchItemError[];
}

/** Where validated jobs go. */
export interface Sink {
  /** Push one job; a repeated job_id / unique_key resolves to the original job's id. */
  push(req: PushRequest): Promise<PushedJob>;
  /** Push up to 1000 jobs; ids in input order (a repeat resolves to the original id). */
  pushBatch(req: BatchRequest): Promise<BatchOutcome>;
  /** Short name for /health ("http", "pg", …). */
  readonly kind: string;
}
