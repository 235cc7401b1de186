// @ts-nocheck -- the manual's code references `worker` inside its own initializer (TS7022); it runs as written.
/**
 * Manual example #74: "`updateProgress(jobId: number, progress: number, message?: string): Promise<void>`" (SDK reference, line 1051).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Worker } from "../client/index.ts";
import { CONN, connected, once } from "./_env.ts";

// ---- setup ----
const client = await connected();
const result = { summary: 'done' };

// ---- manual example ----
const worker = new Worker('queue', async (job) => {
  await worker.updateProgress(job.id, 0, 'Starting...');
  // ... process
  await worker.updateProgress(job.id, 50, 'Halfway done');
  // ... more processing
  await worker.updateProgress(job.id, 100, 'Complete');
  return result;
}, CONN);
// ---- end of manual example ----

// ---- check and clean up ----
const [, r] = await Promise.all([once(worker, 'completed'), client.push('queue', { task: 1 })]);
void r;
await worker.close();
await client.close();

export {};
