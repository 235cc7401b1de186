/**
 * Manual example #90: "Usage" (SDK reference, line 1367).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { retryable, type Job } from "../client/index.ts";
import { connected } from "./_env.ts";
import {
  FlashQError,
  ConnectionError,
  TimeoutError,
  ValidationError,
  ServerError,
  JobNotFoundError,
  RateLimitError,
} from "../client/index.ts";

// ---- setup ----
const client = await connected();
const data = { to: 'user@example.com' };

// ---- manual example ----
try {
  await client.push('queue', data);
} catch (error) {
  if (error instanceof ConnectionError) {
    console.log('Connection failed:', error.message);
    // Safe to retry
  } else if (error instanceof TimeoutError) {
    console.log(`Timeout after ${error.timeoutMs}ms`);
    // Safe to retry
  } else if (error instanceof ValidationError) {
    console.log(`Invalid ${error.field}: ${error.message}`);
    // Fix input and retry
  } else if (error instanceof RateLimitError) {
    console.log(`Rate limited, retry after ${error.retryAfterMs}ms`);
    // Wait and retry
  } else if (error instanceof JobNotFoundError) {
    console.log(`Job ${error.jobId} not found`);
    // Don't retry
  } else if (error instanceof FlashQError) {
    console.log(`Error (${error.code}): ${error.message}`);
    if (error.retryable) {
      // Safe to retry
    }
  }
}
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
