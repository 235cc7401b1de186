/**
 * Manual example #72: "`close(force?: boolean): Promise<void>`" (SDK reference, line 1031).
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
await worker.close();       // Graceful (waits for jobs)
await worker.close(true);   // Force close immediately
// ---- end of manual example ----

// ---- check and clean up ----
if (worker.getState() !== 'stopped') throw new Error('not stopped');

export {};
