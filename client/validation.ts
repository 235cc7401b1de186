/**
 * Client-side validation helpers. They throw {@link ValidationError} naming the field,
 * so bad input fails fast without a round-trip.
 */
import { ValidationError } from "../core/errors.ts";
import { MAX_BATCH_SIZE, MAX_JOB_DATA_SIZE, MAX_QUEUE_NAME_LENGTH } from "./constants.ts";

const QUEUE_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Validate a queue name: 1–256 characters, alphanumeric, underscore, hyphen or dot.
 * @example validateQueueName('my-queue'); // OK
 */
export function validateQueueName(name: string): void {
  if (typeof name !== "string" || name.length === 0) {
    throw new ValidationError("Queue name cannot be empty", "queue");
  }
  if (name.length > MAX_QUEUE_NAME_LENGTH) {
    throw new ValidationError(`Queue name too long (max ${MAX_QUEUE_NAME_LENGTH} chars)`, "queue");
  }
  if (!QUEUE_NAME.test(name)) {
    throw new ValidationError(
      "Queue name must contain only alphanumeric characters, underscores, hyphens, or dots",
      "queue",
    );
  }
}

const encoder = new TextEncoder();

/** Byte length of a string in UTF-8 (without allocating for ASCII-sized inputs). */
function utf8Length(s: string): number {
  // Every UTF-16 unit is at most 3 UTF-8 bytes: skip the exact count when it cannot matter.
  if (s.length * 3 <= MAX_JOB_DATA_SIZE) return s.length;
  return encoder.encode(s).length;
}

/**
 * Validate that job data serialises to at most {@link MAX_JOB_DATA_SIZE} bytes of JSON.
 * @throws ValidationError (field `data`) when larger, or when it cannot be serialised.
 */
export function validateJobDataSize(data: unknown): void {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (err) {
    throw new ValidationError(`Job data is not serialisable: ${(err as Error).message}`, "data");
  }
  if (text === undefined) return;
  const size = utf8Length(text);
  if (size > MAX_JOB_DATA_SIZE) {
    throw new ValidationError(`Job data too large (~${size} bytes, max ${MAX_JOB_DATA_SIZE} bytes)`, "data");
  }
}

/** Validate a job id: a positive safe integer. */
export function validateJobId(id: number, field = "id"): void {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new ValidationError(`Invalid job id: ${id} (must be a positive integer)`, field);
  }
}

/** Validate a batch size: 0..MAX_BATCH_SIZE items. */
export function validateBatchSize(count: number, field = "jobs"): void {
  if (count > MAX_BATCH_SIZE) {
    throw new ValidationError(`Batch too large: ${count} (max ${MAX_BATCH_SIZE})`, field);
  }
}
