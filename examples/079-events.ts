// @ts-nocheck -- the manual's code references `worker` inside its own initializer (TS7022); it runs as written.
/**
 * Manual example #79: "Events" (SDK reference, line 1099).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Worker, type Job } from "../client/index.ts";
import { CONN, connected, once } from "./_env.ts";

// ---- setup ----
const client = await connected();
const worker = new Worker('emails', async (job) => {
  await worker.updateProgress(job.id, 50, 'half');
  if ((job.data as { fail?: boolean }).fail) throw new Error('boom');
  return { sent: true };
}, { ...CONN, autorun: false });
const ready = once(worker, 'ready');
await worker.start();
await ready;

// ---- manual example ----
worker.on('ready', () => {
  console.log('Worker ready');
});

worker.on('active', (job, workerId) => {
  console.log(`Job ${job.id} started by worker ${workerId}`);
});

worker.on('completed', (job, result, workerId) => {
  console.log(`Job ${job.id} completed:`, result);
});

worker.on('failed', (job, error, workerId) => {
  console.log(`Job ${job.id} failed:`, error.message);
});

worker.on('progress', (job, progress, message) => {
  console.log(`Job ${job.id}: ${progress}% - ${message}`);
});

worker.on('stopping', () => {
  console.log('Worker is stopping...');
});

worker.on('stopped', () => {
  console.log('Worker stopped');
});

worker.on('drained', () => {
  console.log('Worker drained (all jobs completed before shutdown)');
});

worker.on('error', (error) => {
  console.error('Worker error:', error);
});
// ---- end of manual example ----

// ---- check and clean up ----
const completed = once(worker, 'completed');
const failed = once(worker, 'failed');
await client.push('emails', { to: 'ok' });
await client.push('emails', { fail: true }, { max_attempts: 1 });
await Promise.all([completed, failed]);
await worker.close();
await client.close();

export {};
