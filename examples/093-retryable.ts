/**
 * Manual example #93: "`retryable<TArgs, TResult>(fn: (...args: TArgs) => Promise<TResult>, options?: RetryOptions)`" (SDK reference, line 1458).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";
import { retryable } from "../client/index.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const retryablePush = retryable(
  (queue: string, data: unknown) => client.push(queue, data),
  { maxRetries: 3 }
);

await retryablePush('emails', { to: 'user@example.com' });
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
