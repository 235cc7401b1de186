/**
 * The HTTP envelope and the one error → response mapping of the REST API.
 * Success: `{ok:true, data}` (flashQ's envelope, which its SDK unwraps). Errors:
 * `{ok:false, error, code, retryable, field?, …}` with a status that fits the code.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PayloadTooLargeError, ValidationError, errorToWire } from "../../core/errors.ts";
import { readBodyText } from "./body-cap.ts";

const STATUS: Record<string, ContentfulStatusCode> = {
  VALIDATION_ERROR: 400,
  AUTH_FAILED: 401,
  JOB_NOT_FOUND: 404,
  QUEUE_NOT_FOUND: 404,
  DUPLICATE_JOB: 409,
  DEBOUNCED: 409,
  INVALID_STATE: 409,
  QUEUE_PAUSED: 409,
  JOB_FAILED: 409,
  RATE_LIMITED: 429,
  CONCURRENCY_LIMITED: 429,
  WAIT_TIMEOUT: 408,
  SERVICE_UNAVAILABLE: 503,
  DATABASE_ERROR: 503,
  INTERNAL_ERROR: 500,
};

/** HTTP status for an error code. */
export function statusOf(code: string | undefined): ContentfulStatusCode {
  return (code && STATUS[code]) || 500;
}

/**
 * HTTP status for a thrown value: 413 for a size limit (job data over 10 MB, body
 * over its cap), else by code — 400 for every other validation error (batch count
 * included). The edge producer answers with the same mapping (edge/http-errors.ts).
 */
export function statusOfError(err: unknown): ContentfulStatusCode {
  if (err instanceof PayloadTooLargeError) return 413;
  return statusOf(errorToWire(err).code);
}

/** The JSON error response for any thrown value. */
export function errorResponse(c: Context, err: unknown): Response {
  const wire = errorToWire(err);
  return c.json({ ok: false, ...wire }, statusOfError(err));
}

/** `{ok:true, data}` plus optional top-level extras (e.g. `count` for flashQ SDK readers). */
export function ok(c: Context, data: unknown, extra?: Record<string, unknown>): Response {
  return c.json(extra ? { ok: true, data: data === undefined ? null : data, ...extra } : { ok: true, data: data === undefined ? null : data });
}

/** The JSON body as an object; an empty body is `{}`; malformed JSON is a 400 naming the body. */
export async function body(c: Context): Promise<Record<string, unknown>> {
  const text = await readBodyText(c);
  if (text.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`Invalid JSON body: ${(err as Error).message}`, "body");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new ValidationError("Invalid field 'body': expected a JSON object", "body");
  }
  return v as Record<string, unknown>;
}

/** A path or query integer (`id`, `count`, …) or a 400 naming it. */
export function intParam(raw: string | undefined, field: string, fallback?: number): number {
  if (raw === undefined || raw === "") {
    if (fallback !== undefined) return fallback;
    throw new ValidationError(`Invalid field '${field}': is required`, field);
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ValidationError(`Invalid field '${field}': expected a non-negative integer, got "${raw}"`, field);
  }
  return n;
}
