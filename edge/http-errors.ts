/**
 * The one mapping from errors to HTTP responses of the edge producer.
 * Body: the project's wire error `{ok:false, error, code, retryable, field?, jobId?}`.
 */
import { errorToWire, FlashQError } from "../core/errors.ts";
import { statusOf } from "../adapters/http/respond.ts";
import { PayloadTooLargeError } from "./push-schema.ts";

/**
 * HTTP status for an error: the server's mapping (`adapters/http/respond.ts`), plus
 * 413 for limits and 503 for the retryable transport codes the server never sees
 * (upstream unreachable or too slow).
 */
export function statusFor(err: unknown): number {
  if (err instanceof PayloadTooLargeError) return 413;
  if (!(err instanceof FlashQError)) return 500;
  const status = statusOf(err.code);
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
