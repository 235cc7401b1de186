/**
 * Manual example #77: "`getProcessingCount(): number`" (SDK reference, line 1085).
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
console.log(`Processing ${worker.getProcessingCount()} jobs`);
// ---- end of manual example ----

// ---- check and clean up ----
await worker.close();

export {};
