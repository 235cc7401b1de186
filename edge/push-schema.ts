/**
 * Validation of push bodies for the edge producer, identical to the server's HTTP
 * routes: the shared zod schemas and normalisation of `core/schemas.ts` (aliases,
 * null = absent, unknown fields ignored), then the limits of `core/validation.ts`
 * (10 MB of data per job, 1000 jobs per batch) — which the server's engine applies
 * on push and the edge must apply itself, since the PostgreSQL sink has no engine.
 *
 * Over-limit errors keep the server's message and `VALIDATION_ERROR` code but are
 * {@link PayloadTooLargeError}s, answered with 413 instead of 400.
 */
import { ValidationError } from "../core/errors.ts";
import { parseJobInput, parseOrThrow, pushBatchBodySchema } from "../core/schemas.ts";
import type { JobInput } from "../core/types.ts";
import { MAX_JOB_DATA_SIZE, validateBatchSize, validateJobDataSize } from "../core/validation.ts";

/** A ValidationError for a limit (size, count): the producer answers it with 413. */
export class PayloadTooLargeError extends ValidationError {
  constructor(message: string, field?: string) {
    super(message, field);
    this.name = "PayloadTooLargeError";
  }
}

/** Run a limit check, turning its ValidationError into a PayloadTooLargeError. */
function limit(check: () => void, field: string): void {
  try {
    check();
  } catch (err) {
    if (err instanceof ValidationError) throw new PayloadTooLargeError(err.message, err.field ?? field);
    throw err;
  }
}

/** The body as a JSON object, as the server's `body()` requires. */
function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ValidationError("Invalid field 'body': expected a JSON object", "body");
  }
  return body as Record<string, unknown>;
}

/**
 * Parse and check one single-push body.
 * @param bodyBytes size of the request body: when it is within the data limit the
 *   data certainly is too, so the size walk is skipped.
 */
export function parsePushBody(body: unknown, bodyBytes: number): JobInput {
  const input = parseJobInput(asObject(body));
  const known = bodyBytes <= MAX_JOB_DATA_SIZE ? bodyBytes : undefined;
  limit(() => validateJobDataSize(input.data, known, "data"), "data");
  return input;
}

/** Parse and check a batch body `{jobs: [...]}` (at most 1000 jobs). */
export function parseBatchBody(body: unknown, bodyBytes: number): JobInput[] {
  const { jobs } = parseOrThrow(pushBatchBodySchema, asObject(body));
  limit(() => validateBatchSize(jobs.length, "jobs"), "jobs");
  const known = bodyBytes <= MAX_JOB_DATA_SIZE ? bodyBytes : undefined;
  const out = new Array<JobInput>(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    const input = parseJobInput(jobs[i], `jobs.${i}`);
    limit(() => validateJobDataSize(input.data, known, `jobs.${i}.data`), `jobs.${i}.data`);
    out[i] = input;
  }
  return out;
}
