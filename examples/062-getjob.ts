/**
 * Manual example #62: "`getJob(jobId: number): Promise<Job<T> | null>`" (SDK reference, line 863).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Queue, type Job } from "../client/index.ts";
import { CONN, jobWithId } from "./_env.ts";

// ---- setup ----
const queue = new Queue('emails', CONN);
await jobWithId(queue.client, 123, 'emails', { to: 'user@example.com' });

// ---- manual example ----
const job = await queue.getJob(123);
if (job) {
  console.log('Job data:', job.data);
}
// ---- end of manual example ----

// ---- check and clean up ----
if (!job) throw new Error('expected job 123');
await queue.close();

export {};
