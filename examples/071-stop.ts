/**
 * Manual example #71: "`stop(force?: boolean): Promise<void>`" (SDK reference, line 1022).
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
await worker.stop();        // Graceful shutdown
await worker.stop(true);    // Force stop immediately
// ---- end of manual example ----

// ---- check and clean up ----
if (worker.getState() !== 'stopped') throw new Error('not stopped');

export {};
