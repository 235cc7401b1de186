/**
 * Manual example #96: "`isRetryable(error: Error): boolean`" (SDK reference, line 1521).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { ConnectionError } from "../client/index.ts";
import { isRetryable } from "../client/index.ts";

// ---- setup ----
const error = new ConnectionError('Connection lost', 'CONNECTION_CLOSED');

// ---- manual example ----
if (isRetryable(error)) {
  // Safe to retry
}
// ---- end of manual example ----

export {};
