/**
 * Validation of push bodies for the edge producer, identical to the server's HTTP
 * routes: the shared zod schemas and normalisation of `core/schemas.ts` (aliases,
 * null = absent, unknown fields ignored), then the limits of `core/validation.ts`
 * (10 MB of data per job, 1000 jobs per batch) — which the server's engine applies
 * on push and the edge must apply itself, since the PostgreSQL sink has no engine.
 *
 * Statuses as the server's HTTP API: job data over 10 MB is a {@link PayloadTooLargeError}
 * (core's, `VALIDATION_ERROR` on the wire, answered with 413); more than 1000 jobs
 * is a plain ValidationError (400), like any other bad field.
 */
import { PayloadTooLargeError, ValidationError } from "../core/errors.ts";
import { parseJobInput, parseOrThrow, pushBatchBodySchema } from "../core/schemas.ts";
import type { JobInput } from "../core/types.ts";
import { MAX_JOB_DATA_SIZE, validateBatchSize, validateJobDataSize } from "../core/validation.ts";

/** A size limit exceeded: the producer answers it with 413 (core's class, re-exported). */
export { PayloadTooLargeError };

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
  validateJobDataSize(input.data, known, "data");
  return input;
}

/** Parse and check a batch body `{jobs: [...]}` (at most 1000 jobs). */
export function parseBatchBody(body: unknown, bodyBytes: number): JobInput[] {
  const { jobs } = parseOrThrow(pushBatchBodySchema, asObject(body));
  validateBatchSize(jobs.length, "jobs");
  const known = bodyBytes <= MAX_JOB_DATA_SIZE ? bodyBytes : undefined;
  const out = new Array<JobInput>(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    const input = parseJobInput(jobs[i], `jobs.${i}`);
    validateJobDataSize(input.data, known, `jobs.${i}.data`);
    out[i] = input;
  }
  return out;
}
