/**
 * The one mapping from errors to HTTP responses of the edge producer.
 * Body: the project's wire error `{ok:false, error, code, retryable, field?, jobId?}`.
 */
import { errorToWire, FlashQError } from "../core/errors.ts";
import { statusOfError } from "../adapters/http/respond.ts";

/**
 * HTTP status for an error: the server's mapping (`adapters/http/respond.ts`: 413
 * for size limits, 400 for other validation errors), plus 503 for the retryable
 * transport codes the server never sees (upstream unreachable or too slow).
 */
export function statusFor(err: unknown): number {
  if (!(err instanceof FlashQError)) return 500;
  const status = statusOfError(err);
  return status === 500 && err.retryable && err.code !== "INTERNAL_ERROR" ? 503 : status;
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
