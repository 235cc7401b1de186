/**
 * Input validation the engine applies itself (semantics, not wire shape — the
 * zod schemas in `schemas.ts` check shapes). Every failure is a `ValidationError`
 * naming the field; nothing is ever silently corrected.
 */
import { PayloadTooLargeError, ValidationError } from "./errors.ts";
import { jsonSizeExceeds } from "./json-size.ts";

/** Max jobs in one batch (PUSHB, PULLB count, ACKB, GETJOBSBATCH). */
export const MAX_BATCH_SIZE = 1000;
/** Max size of a job's `data`, as UTF-8 JSON bytes. */
export const MAX_JOB_DATA_SIZE = 10 * 1024 * 1024;
/** Max queue name length. */
export const MAX_QUEUE_NAME_LENGTH = 256;

/** Whether `ch` is allowed in a queue name: `[A-Za-z0-9_.-]`. */
function isQueueNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46
  );
}

/** Throws `ValidationError` unless `name` matches `[A-Za-z0-9_.-]{1,256}`. */
export function validateQueueName(name: unknown, field = "queue"): asserts name is string {
  if (typeof name !== "string" || name.length === 0) {
    throw new ValidationError("Queue name cannot be empty", field);
  }
  if (name.length > MAX_QUEUE_NAME_LENGTH) {
    throw new ValidationError(`Queue name too long (max ${MAX_QUEUE_NAME_LENGTH} chars)`, field);
  }
  for (let i = 0; i < name.length; i++) {
    if (!isQueueNameChar(name.charCodeAt(i))) {
      throw new ValidationError(
        "Queue name must contain only alphanumeric characters, underscores, hyphens, or dots",
        field,
      );
    }
  }
}

/**
 * Throws `PayloadTooLargeError` (a ValidationError) if `data` is larger than {@link MAX_JOB_DATA_SIZE}.
 * `knownBytes` (e.g. the request's size, measured by the transport) skips the
 * measurement; otherwise a cheap upper-bound walk runs first and the exact JSON
 * size is computed only when the bound exceeds the limit.
 */
export function validateJobDataSize(data: unknown, knownBytes?: number, field = "data"): void {
  if (knownBytes !== undefined) {
    if (knownBytes > MAX_JOB_DATA_SIZE) throw dataTooLarge(knownBytes, field);
    return;
  }
  let size: number;
  try {
    size = jsonSizeExceeds(data, MAX_JOB_DATA_SIZE);
  } catch (err) {
    // Cyclic or absurdly deep values (only possible for in-process callers).
    const why = err instanceof Error ? err.message : String(err);
    throw new ValidationError(`Job data is not JSON-serialisable: ${why}`, field);
  }
  if (size > MAX_JOB_DATA_SIZE) throw dataTooLarge(size, field);
}

function dataTooLarge(bytes: number, field: string): PayloadTooLargeError {
  return new PayloadTooLargeError(`Job data too large (~${bytes} bytes, max ${MAX_JOB_DATA_SIZE} bytes)`, field);
}

/** Throws unless `value` is a finite number ≥ 0 (durations, counts). */
export function validateNonNegative(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(`${field} must be a non-negative number, got ${String(value)}`, field);
  }
}

/** Throws unless `value` is a finite number (priority may be negative). */
export function validateFiniteNumber(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValidationError(`${field} must be a finite number, got ${String(value)}`, field);
  }
}

/** Throws unless 1 ≤ n ≤ MAX_BATCH_SIZE. */
export function validateBatchSize(n: number, field: string): void {
  if (n > MAX_BATCH_SIZE) {
    throw new ValidationError(`Batch too large: ${n} items (max ${MAX_BATCH_SIZE})`, field);
  }
}

/** Throws unless `id` is a positive safe integer. */
export function validateJobId(id: unknown, field = "id"): asserts id is number {
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
    throw new ValidationError(`${field} must be a positive integer, got ${String(id)}`, field);
  }
}
