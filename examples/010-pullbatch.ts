/**
 * Manual example #10: "`pullBatch<T>(queue: string, count: number, timeout?: number): Promise<Job<T>[]>`" (SDK reference, line 304).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { type Job } from "../client/index.ts";
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
async function processJob(job: Job): Promise<void> { void job; }
await client.pushBatch('emails', [{ data: { to: 'a@example.com' } }, { data: { to: 'b@example.com' } }]);

// ---- manual example ----
const jobs = await client.pullBatch('emails', 10, 5000);
for (const job of jobs) {
  await processJob(job);
  await client.ack(job.id);
}
// ---- end of manual example ----

// ---- check and clean up ----
if (jobs.length !== 2) throw new Error('expected 2 jobs');
await client.close();

export {};
