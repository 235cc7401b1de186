/**
 * Typed errors shared by the engine, the servers and the client SDK.
 *
 * Every error has a stable `code` and a `retryable` flag. The servers put both on
 * the wire (`{ok:false, error, code, retryable, field?, jobId?}`) and the client
 * rebuilds the same class from them with {@link errorFromWire} — nobody branches
 * on message text. Messages are worded so that flashQ's own SDK, which maps by
 * substring (PROTOCOL.md §5), also lands on the right class.
 */

/** Every code an error of this project can carry. */
export type ErrorCode =
  | "VALIDATION_ERROR"
  | "JOB_NOT_FOUND"
  | "QUEUE_NOT_FOUND"
  | "DUPLICATE_JOB"
  | "DEBOUNCED"
  | "INVALID_STATE"
  | "QUEUE_PAUSED"
  | "RATE_LIMITED"
  | "CONCURRENCY_LIMITED"
  | "AUTH_FAILED"
  | "JOB_FAILED"
  | "WAIT_TIMEOUT"
  | "SERVER_ERROR"
  | "INTERNAL_ERROR"
  | "SERVICE_UNAVAILABLE"
  | "DATABASE_ERROR"
  | "CONNECTION_FAILED"
  | "CONNECTION_TIMEOUT"
  | "CONNECTION_CLOSED"
  | "RECONNECTION_FAILED"
  | "NOT_CONNECTED"
  | "QUEUE_FULL"
  | "REQUEST_TIMEOUT"
  | "BATCH_PARTIAL_FAILURE";

/** Structured fields an error may carry next to its message. */
export interface ErrorDetails {
  field?: string;
  jobId?: number;
  queue?: string;
  state?: string;
  retryAfterMs?: number;
  timeoutMs?: number;
  cause?: unknown;
}

/** Base class: a message, a stable `code` and whether retrying can help. */
export class FlashQError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details: ErrorDetails;
  constructor(message: string, code: string, retryable: boolean, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "FlashQError";
    this.code = code;
    this.retryable = retryable;
    this.details = details;
  }
}

/** The conventions' name for the base class; the same class. */
export { FlashQError as QueueError };

/** Bad input: names the offending field. Never retryable. */
export class ValidationError extends FlashQError {
  readonly field?: string;
  constructor(message: string, field?: string) {
    super(message, "VALIDATION_ERROR", false, { field });
    this.name = "ValidationError";
    this.field = field;
  }
}

/**
 * A size limit exceeded (job data over 10 MB, a request body over its cap): a
 * ValidationError (same code on the wire) that HTTP answers with 413, not 400.
 */
export class PayloadTooLargeError extends ValidationError {
  constructor(message: string, field?: string) {
    super(message, field);
    this.name = "PayloadTooLargeError";
  }
}

/** The job id is unknown (or no longer held). */
export class JobNotFoundError extends FlashQError {
  readonly jobId: number;
  constructor(jobId: number, message = `Job not found: ${jobId}`) {
    super(message, "JOB_NOT_FOUND", false, { jobId });
    this.name = "JobNotFoundError";
    this.jobId = jobId;
  }
}

/** The queue is unknown. */
export class QueueNotFoundError extends FlashQError {
  readonly queue: string;
  constructor(queue: string, message = `Queue not found: ${queue}`) {
    super(message, "QUEUE_NOT_FOUND", false, { queue });
    this.name = "QueueNotFoundError";
    this.queue = queue;
  }
}

/** A unique_key (or debounce id) is already taken by a live job. */
export class DuplicateJobError extends FlashQError {
  readonly jobId?: number;
  constructor(message: string, jobId?: number, code: "DUPLICATE_JOB" | "DEBOUNCED" = "DUPLICATE_JOB") {
    super(message, code, false, { jobId });
    this.name = "DuplicateJobError";
    this.jobId = jobId;
  }
}

/** An operation that the job's current state does not allow (e.g. ack of a waiting job). */
export class InvalidStateError extends FlashQError {
  readonly jobId: number;
  readonly state: string;
  constructor(jobId: number, state: string, message: string) {
    super(message, "INVALID_STATE", false, { jobId, state });
    this.name = "InvalidStateError";
    this.jobId = jobId;
    this.state = state;
  }
}

/** The queue is paused. Retryable. */
export class QueuePausedError extends FlashQError {
  readonly queue: string;
  constructor(queue: string) {
    super(`Queue is paused: ${queue}`, "QUEUE_PAUSED", true, { queue });
    this.name = "QueuePausedError";
    this.queue = queue;
  }
}

/** The queue's rate limit is exhausted. Retryable after `retryAfterMs`. */
export class RateLimitError extends FlashQError {
  readonly queue: string;
  readonly retryAfterMs: number;
  constructor(queue: string, retryAfterMs = 0) {
    super(`Rate limit exceeded for queue: ${queue}, retry after ${retryAfterMs}ms`, "RATE_LIMITED", true, {
      queue,
      retryAfterMs,
    });
    this.name = "RateLimitError";
    this.queue = queue;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The queue's concurrency limit is reached. Retryable. */
export class ConcurrencyLimitError extends FlashQError {
  readonly queue: string;
  constructor(queue: string) {
    super(`Concurrency limit reached for queue: ${queue}`, "CONCURRENCY_LIMITED", true, { queue });
    this.name = "ConcurrencyLimitError";
    this.queue = queue;
  }
}

/** Missing or wrong credentials. */
export class AuthenticationError extends FlashQError {
  constructor(message = "Authentication required") {
    super(message, "AUTH_FAILED", false);
    this.name = "AuthenticationError";
  }
}

/** Any other server-side failure; retryable for transient codes. */
export class ServerError extends FlashQError {
  constructor(message: string, code = "SERVER_ERROR", details: ErrorDetails = {}) {
    super(message, code, RETRYABLE_SERVER_CODES.has(code), details);
    this.name = "ServerError";
  }
}

/** Client side: the connection failed, closed or could not be re-established. */
export class ConnectionError extends FlashQError {
  constructor(message: string, code = "CONNECTION_FAILED", cause?: unknown) {
    super(message, code, true, { cause });
    this.name = "ConnectionError";
  }
}

/** Client side: a request got no answer in time. */
export class TimeoutError extends FlashQError {
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super(message, "REQUEST_TIMEOUT", true, { timeoutMs });
    this.name = "TimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** One failed item of a batch. */
export interface BatchFailure<T = unknown> {
  index: number;
  item?: T;
  error: Error;
}

/** A batch in which some items failed; carries the successes and the failures. */
export class BatchError<T = unknown> extends FlashQError {
  readonly succeeded: number[];
  readonly failed: BatchFailure<T>[];
  constructor(message: string, succeeded: number[], failed: BatchFailure<T>[]) {
    super(message, "BATCH_PARTIAL_FAILURE", false);
    this.name = "BatchError";
    this.succeeded = succeeded;
    this.failed = failed;
  }
  get successCount(): number {
    return this.succeeded.length;
  }
  get failureCount(): number {
    return this.failed.length;
  }
}

/** Server codes after which a retry may succeed. */
export const RETRYABLE_SERVER_CODES: ReadonlySet<string> = new Set([
  "INTERNAL_ERROR",
  "SERVICE_UNAVAILABLE",
  "DATABASE_ERROR",
  "LOCK_TIMEOUT",
  "WAIT_TIMEOUT",
]);

/** The structured error shape servers send: `{ok:false, error, code, retryable, ...details}`. */
export interface WireError {
  error: string;
  code?: string;
  retryable?: boolean;
  field?: string;
  jobId?: number;
  queue?: string;
  state?: string;
  retryAfterMs?: number;
}

/** Turn any thrown value into the wire's error fields (the one mapping on the server side). */
export function errorToWire(err: unknown): WireError {
  if (err instanceof FlashQError) {
    const w: WireError = { error: err.message, code: err.code, retryable: err.retryable };
    const d = err.details;
    if (d.field !== undefined) w.field = d.field;
    if (d.jobId !== undefined) w.jobId = d.jobId;
    if (d.queue !== undefined) w.queue = d.queue;
    if (d.state !== undefined) w.state = d.state;
    if (d.retryAfterMs !== undefined) w.retryAfterMs = d.retryAfterMs;
    return w;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { error: message, code: "INTERNAL_ERROR", retryable: true };
}

/** Rebuild the typed error from a wire error (the one mapping on the client side). */
export function errorFromWire(w: WireError): FlashQError {
  const msg = w.error;
  switch (w.code) {
    case "VALIDATION_ERROR":
      return new ValidationError(msg, w.field);
    case "JOB_NOT_FOUND":
      return new JobNotFoundError(w.jobId ?? 0, msg);
    case "QUEUE_NOT_FOUND":
      return new QueueNotFoundError(w.queue ?? "", msg);
    case "DUPLICATE_JOB":
    case "DEBOUNCED":
      return new DuplicateJobError(msg, w.jobId, w.code);
    case "INVALID_STATE":
      return new InvalidStateError(w.jobId ?? 0, w.state ?? "unknown", msg);
    case "QUEUE_PAUSED": {
      const e = new QueuePausedError(w.queue ?? "");
      return Object.defineProperty(e, "message", { value: msg });
    }
    case "RATE_LIMITED": {
      const e = new RateLimitError(w.queue ?? "", w.retryAfterMs ?? 0);
      return Object.defineProperty(e, "message", { value: msg });
    }
    case "CONCURRENCY_LIMITED": {
      const e = new ConcurrencyLimitError(w.queue ?? "");
      return Object.defineProperty(e, "message", { value: msg });
    }
    case "AUTH_FAILED":
      return new AuthenticationError(msg);
    case undefined:
      return new ServerError(msg);
    default:
      return new ServerError(msg, w.code, { jobId: w.jobId, queue: w.queue });
  }
}
