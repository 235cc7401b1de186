/**
 * The one mapping from errors to HTTP responses of the edge producer.
 * Body: the project's wire error `{ok:false, error, code, retryable, field?, jobId?}`.
 */
import { errorToWire, FlashQError } from "../core/errors.ts";
import { PayloadTooLargeError } from "./push-schema.ts";

/** HTTP status for an error code (sinks and upstream errors included). */
export function statusFor(err: unknown): number {
  if (err instanceof PayloadTooLargeError) return 413;
  if (!(err instanceof FlashQError)) return 500;
  switch (err.code) {
    case "VALIDATION_ERROR":
      return 400;
    case "AUTH_FAILED":
      return 401;
    case "DUPLICATE_JOB":
    case "DEBOUNCED":
    case "INVALID_STATE":
      return 409;
    case "QUEUE_NOT_FOUND":
    case "JOB_NOT_FOUND":
      return 404;
    case "QUEUE_PAUSED":
    case "RATE_LIMITED":
    case "CONCURRENCY_LIMITED":
      return 429;
    case "SERVICE_UNAVAILABLE":
    case "CONNECTION_FAILED":
    case "CONNECTION_TIMEOUT":
    case "CONNECTION_CLOSED":
    case "REQUEST_TIMEOUT":
      return 503;
    case "DATABASE_ERROR":
      return err.retryable ? 503 : 500;
    default:
      return err.retryable ? 503 : 500;
  }
}

/** A JSON error response for `err`. */
export function errorResponse(err: unknown, headers?: Headers, status = statusFor(err)): Response {
  const wire = errorToWire(err);
  const h = headers ?? new Headers();
  h.set("content-type", "application/json; charset=UTF-8");
  if (status === 401) h.set("www-authenticate", 'Bearer realm="flashq"');
  if (status === 503) h.set("retry-after", "1");
  return new Response(JSON.stringify({ ok: false, ...wire }), { status, headers: h });
}
