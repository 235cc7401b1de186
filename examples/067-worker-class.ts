/**
 * Manual example #67: "Worker Class" (SDK reference, line 933).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { CONN, connected, once } from "./_env.ts";
import { Worker } from "../client/index.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const worker = new Worker('emails', async (job) => {
  // Process job
  console.log('Processing:', job.data);
  return { sent: true };
}, {
  concurrency: 10,
  ...CONN,
  autorun: true,  // or autostart: true (BullMQ-compatible)
});
// ---- end of manual example ----

// ---- check and clean up ----
const [done] = await Promise.all([once(worker, 'completed'), client.push('emails', { to: 'user@example.com' })]);
if (!done) throw new Error('no completion');
await worker.close();
await client.close();

export {};
