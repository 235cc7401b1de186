/**
 * Manual example #70: "`start(): Promise<void>`" (SDK reference, line 1013).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Worker, type Job } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const processor = async (job: Job) => ({ processed: job.id });

// ---- manual example ----
const worker = new Worker('queue', processor, { ...CONN, autorun: false });
await worker.start();
// ---- end of manual example ----

// ---- check and clean up ----
if (worker.getState() !== 'running') throw new Error('not running');
await worker.close();

export {};
