/**
 * The one place where database and driver errors (postgres.js, PGlite, sockets)
 * become FlashQErrors. Both drivers surface PostgreSQL's SQLSTATE as `code`;
 * postgres.js adds its own codes for connection trouble, Node adds errno names.
 */
import { FlashQError } from "../../core/errors.ts";

/** Node socket errors and postgres.js connection codes: the database is unreachable. */
const UNREACHABLE: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * SQLSTATEs after which the same statement may succeed later: 08 connection
 * exception, 40 serialization failure / deadlock, 53 insufficient resources,
 * 57P01-03 shutdown / cannot connect now, 55P03 lock not available.
 */
function retryableSqlState(code: string): boolean {
  return (
    code.startsWith("08") ||
    code.startsWith("40") ||
    code.startsWith("53") ||
    code === "57P01" ||
    code === "57P02" ||
    code === "57P03" ||
    code === "55P03"
  );
}

/** True when `err` means "the database cannot be reached right now". */
export function isUnreachable(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && (UNREACHABLE.has(code) || code.startsWith("08") || code.startsWith("57P0"));
}

function errorCode(err: unknown): string | undefined {
  if (err === null || typeof err !== "object") return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // AggregateError (several connect attempts): look at the first inner error.
  const inner = (err as { errors?: unknown[] }).errors;
  return Array.isArray(inner) && inner.length > 0 ? errorCode(inner[0]) : undefined;
}

/**
 * Map any error a driver threw to a FlashQError:
 * unreachable → `SERVICE_UNAVAILABLE` (retryable); transient SQLSTATE →
 * `DATABASE_ERROR` (retryable); anything else → `DATABASE_ERROR` (not retryable).
 * FlashQErrors pass through unchanged.
 */
export function toStorageError(err: unknown, action = "Storage"): FlashQError {
  if (err instanceof FlashQError) return err;
  const code = errorCode(err);
  const msg = err instanceof Error ? err.message : String(err);
  if (isUnreachable(err)) {
    return new FlashQError(`${action} failed: database unavailable (${code}: ${msg})`, "SERVICE_UNAVAILABLE", true, {
      cause: err,
    });
  }
  const retryable = code !== undefined && retryableSqlState(code);
  const suffix = code === undefined ? msg : `${code}: ${msg}`;
  return new FlashQError(`${action} failed: ${suffix}`, "DATABASE_ERROR", retryable, { cause: err });
}
