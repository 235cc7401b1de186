/**
 * Manual example #32: "`getLogs(jobId: number): Promise<JobLogEntry[]>`" (SDK reference, line 505).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await activeJob(client, 'emails', { to: 'user@example.com', subject: 'Welcome!' });
await client.log(job.id, 'Starting processing', 'info');

// ---- manual example ----
const logs = await client.getLogs(job.id);
for (const entry of logs) {
  console.log(`[${entry.level}] ${entry.message}`);
}
// ---- end of manual example ----

// ---- check and clean up ----
if (logs.length !== 1) throw new Error('expected 1 log entry');
await client.close();

export {};
