/**
 * Manual example #30: "`heartbeat(jobId: number): Promise<void>`" (SDK reference, line 485).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await activeJob(client, 'emails', { to: 'user@example.com', subject: 'Welcome!' });

// ---- manual example ----
// In a long-running job
const interval = setInterval(() => {
  client.heartbeat(job.id);
}, 10000);
// ---- end of manual example ----

// ---- check and clean up ----
await client.heartbeat(job.id);
clearInterval(interval);
await client.close();

export {};
