/**
 * Error classes of the SDK (the same classes as the server's, from `core/errors.ts`)
 * and the one place where a server reply is turned into a typed error.
 *
 * A reply `{ok:false, error, code, retryable, field?, jobId?, ...}` is rebuilt with
 * {@link errorFromWire} from its `code`. Only a reply without `code` (a foreign flashQ
 * server) falls back to the manual's substring mapping, {@link parseServerError}.
 */
import {
  AuthenticationError,
  ConcurrencyLimitError,
  DuplicateJobError,
  FlashQError,
  JobNotFoundError,
  QueueNotFoundError,
  QueuePausedError,
  RateLimitError,
  ServerError,
  errorFromWire,
  type WireError,
} from "../core/errors.ts";

export {
  AuthenticationError,
  BatchError,
  ConcurrencyLimitError,
  ConnectionError,
  DuplicateJobError,
  FlashQError,
  InvalidStateError,
  JobNotFoundError,
  QueueError,
  QueueNotFoundError,
  QueuePausedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  errorFromWire,
} from "../core/errors.ts";
export type { BatchFailure, ErrorCode, ErrorDetails, WireError } from "../core/errors.ts";

const FIRST_INT = /\d+/;
const QUEUE_NAME = /queue[: ]+([A-Za-z0-9_.-]+)/i;
const RETRY_AFTER = /retry after[: ]+(\d+)/i;

function firstInt(message: string): number {
  const m = FIRST_INT.exec(message);
  return m ? Number(m[0]) : 0;
}

function queueOf(message: string): string {
  const m = QUEUE_NAME.exec(message);
  return m ? m[1]! : "";
}

function withMessage<E extends Error>(err: E, message: string): E {
  Object.defineProperty(err, "message", { value: message, writable: true, configurable: true });
  return err;
}

/**
 * Map a bare server message (no `code`) to a typed error, as flashQ's SDK does:
 * lower-cased substring match, first match wins (PROTOCOL.md §5). Used only for
 * replies that carry no structured `code`.
 */
export function parseServerError(message: string, code?: string): FlashQError {
  if (code) return errorFromWire({ error: message, code });
  const m = message.toLowerCase();
  if (m.includes("job not found") || m.includes("job does not exist")) {
    return new JobNotFoundError(firstInt(message), message);
  }
  if (m.includes("queue not found") || m.includes("queue does not exist")) {
    return new QueueNotFoundError(queueOf(message), message);
  }
  if (m.includes("duplicate") || m.includes("already exists")) {
    return new DuplicateJobError(message, firstInt(message) || undefined);
  }
  if (m.includes("paused")) return withMessage(new QueuePausedError(queueOf(message)), message);
  if (m.includes("rate limit")) {
    const r = RETRY_AFTER.exec(message);
    return withMessage(new RateLimitError(queueOf(message), r ? Number(r[1]) : 0), message);
  }
  if (m.includes("concurrency limit")) return withMessage(new ConcurrencyLimitError(queueOf(message)), message);
  if (m.includes("auth") || m.includes("unauthorized")) return new AuthenticationError(message);
  return new ServerError(message);
}

/**
 * Turn a failed reply into the typed error: from its structured `code` when present
 * (the normal case with this project's server), else by the substring fallback.
 */
export function errorFromReply(reply: Record<string, unknown>): FlashQError {
  const message = typeof reply.error === "string" ? reply.error : String(reply.error ?? "Unknown server error");
  if (typeof reply.code === "string") {
    const err = errorFromWire({ ...(reply as unknown as WireError), error: message });
    // A server may flag a code retryable that the class does not (or the reverse): trust the wire.
    if (typeof reply.retryable === "boolean" && reply.retryable !== err.retryable) {
      Object.defineProperty(err, "retryable", { value: reply.retryable });
    }
    return err;
  }
  return parseServerError(message);
}

/**
 * Whether retrying the operation that threw `error` can help: the error's own
 * `retryable` flag for SDK errors; false for anything else.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof FlashQError) return error.retryable;
  return false;
}
