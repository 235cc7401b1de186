/**
 * Manual example #19: "`getJobsBatch(jobIds: number[]): Promise<JobWithState[]>`" (SDK reference, line 391).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { type Job } from "../client/index.ts";
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
await client.pushBatch('emails', [1, 2, 3, 4, 5].map((n) => ({ data: { n } })));

// ---- manual example ----
const jobs = await client.getJobsBatch([1, 2, 3, 4, 5]);
for (const { job, state } of jobs) {
  console.log(`Job ${job.id}: ${state}`);
}
// ---- end of manual example ----

// ---- check and clean up ----
if (jobs.length !== 5) throw new Error(`expected 5 jobs, got ${jobs.length}`);
await client.close();

export {};
