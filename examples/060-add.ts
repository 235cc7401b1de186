/**
 * Manual example #60: "`add(name: string, data: T, opts?: JobOptions): Promise<Job<T>>`" (SDK reference, line 836).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Queue } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const queue = new Queue('emails', CONN);

// ---- manual example ----
const job = await queue.add('send-email', {
  to: 'user@example.com',
  subject: 'Hello',
}, {
  priority: 10,
  delay: 5000,
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
});
// ---- end of manual example ----

// ---- check and clean up ----
if (job.name !== 'send-email') throw new Error('name lost');
await queue.close();

export {};
