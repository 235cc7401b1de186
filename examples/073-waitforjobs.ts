/**
 * Manual example #73: "`waitForJobs(timeout?: number): Promise<boolean>`" (SDK reference, line 1040).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Worker, type Job } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const processor = async (job: Job) => ({ processed: job.id });
const worker = new Worker('queue', processor, { ...CONN, autorun: false });
await worker.start();

// ---- manual example ----
const completed = await worker.waitForJobs(30000);
if (!completed) {
  console.log('Timeout waiting for jobs');
}
// ---- end of manual example ----

// ---- check and clean up ----
if (!completed) throw new Error('expected idle');
await worker.close();

export {};
