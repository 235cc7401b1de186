/**
 * Manual example #6: "`push<T>(queue: string, data: T, options?: PushOptions): Promise<Job>`" (SDK reference, line 227).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const job = await client.push('emails', {
  to: 'user@example.com',
  subject: 'Welcome!'
}, {
  priority: 10,
  delay: 5000,
  max_attempts: 3,
});
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
