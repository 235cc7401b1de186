/**
 * Manual example #31: "`log(jobId: number, message: string, level?: 'info' | 'warn' | 'error'): Promise<void>`" (SDK reference, line 496).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await activeJob(client, 'emails', { to: 'user@example.com', subject: 'Welcome!' });

// ---- manual example ----
await client.log(job.id, 'Starting processing', 'info');
await client.log(job.id, 'Warning: rate limit approaching', 'warn');
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.getLogs(job.id)).length !== 2) throw new Error('expected 2 log entries');
await client.close();

export {};
