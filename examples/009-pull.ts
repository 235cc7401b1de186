/**
 * Manual example #9: "`pull<T>(queue: string, timeout?: number): Promise<Job<T> | null>`" (SDK reference, line 292).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
type EmailData = { to: string };
await client.push('emails', { to: 'user@example.com' });

// ---- manual example ----
const job = await client.pull<EmailData>('emails', 5000);
if (job) {
  console.log('Processing:', job.data);
  await client.ack(job.id);
}
// ---- end of manual example ----

// ---- check and clean up ----
if (!job) throw new Error('expected a job');
await client.close();

export {};
