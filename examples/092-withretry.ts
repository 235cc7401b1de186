/**
 * Manual example #92: "`withRetry<T>(fn: () => Promise<T>, options?: RetryOptions): Promise<T>`" (SDK reference, line 1436).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";
import { withRetry } from "../client/index.ts";

// ---- setup ----
const client = await connected();
const data = { to: 'user@example.com' };

// ---- manual example ----
const result = await withRetry(
  () => client.push('queue', data),
  {
    maxRetries: 3,
    initialDelay: 100,
    maxDelay: 5000,
    backoffMultiplier: 2,
    jitter: true,
    onRetry: (error, attempt, delay) => {
      console.log(`Retry ${attempt} after ${delay}ms: ${error.message}`);
    },
  }
);
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
