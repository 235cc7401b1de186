/**
 * Manual example #98: "Worker Hooks" (SDK reference, line 1592).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { type Job } from "../client/index.ts";
import { CONN, connected, once } from "./_env.ts";
import { Worker, WorkerHooks } from "../client/index.ts";

// ---- setup ----
const processor = async (job: Job) => ({ processed: job.id });
const client = await connected();

// ---- manual example ----
const workerHooks: WorkerHooks = {
  onProcess: (ctx) => {
    console.log(`Processing job ${ctx.job.id}`);
  },
  onProcessComplete: (ctx) => {
    console.log(`Job ${ctx.job.id} completed in ${Date.now() - ctx.startTime}ms`);
  },
  onProcessError: (ctx, error) => {
    console.error(`Job ${ctx.job.id} failed: ${error.message}`);
  },
};

const worker = new Worker('queue', processor, { ...CONN, workerHooks });
// ---- end of manual example ----

// ---- check and clean up ----
await Promise.all([once(worker, 'completed'), client.push('queue', { n: 1 })]);
await worker.close();
await client.close();

export {};
