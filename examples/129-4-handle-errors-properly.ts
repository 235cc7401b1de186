/**
 * Manual example #129: "4. Handle Errors Properly" (SDK reference, line 2082).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { FlashQError, withRetry, retryable, createLogger } from "../client/index.ts";
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
const data = { to: 'user@example.com' };
const logger = createLogger({ level: 'silent' });

// ---- manual example ----
try {
  await client.push('queue', data);
} catch (error) {
  if (error instanceof FlashQError && error.retryable) {
    // Retry with backoff
    await withRetry(() => client.push('queue', data));
  } else {
    // Log and handle non-retryable errors
    logger.error('Failed to push job', error);
  }
}
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
