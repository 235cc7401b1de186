/**
 * Manual example #14: "`getJob(jobId: number): Promise<JobWithState | null>`" (SDK reference, line 342).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { type Job } from "../client/index.ts";
import { connected, jobWithId } from "./_env.ts";

// ---- setup ----
const client = await connected();
await jobWithId(client, 123, 'emails', { to: 'user@example.com' });

// ---- manual example ----
const result = await client.getJob(123);
if (result) {
  console.log(`Job ${result.job.id} is ${result.state}`);
}
// ---- end of manual example ----

// ---- check and clean up ----
if (!result) throw new Error('expected job 123');
await client.close();

export {};
