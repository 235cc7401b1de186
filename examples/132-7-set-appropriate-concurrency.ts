/**
 * Manual example #132: "7. Set Appropriate Concurrency" (SDK reference, line 2129).
 * The part between the markers is the manual's code, with only host/port adjusted and each `const worker` in its own block (the manual declares it twice);
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import os from 'node:os';
import { Worker, type Job } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const processor = async (job: Job) => ({ processed: job.id });

// ---- manual example ----
{
// For I/O-bound work (API calls, DB)
const worker = new Worker('api-queue', processor, { ...CONN, concurrency: 50 });

// For CPU-bound work
  await worker.close();
}
{
const worker = new Worker('cpu-queue', processor, { ...CONN, concurrency: os.cpus().length });
  await worker.close();
}
// ---- end of manual example ----

export {};
