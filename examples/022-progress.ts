/**
 * Manual example #22: "`progress(jobId: number, progress: number, message?: string): Promise<void>`" (SDK reference, line 419).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await activeJob(client, 'emails', { to: 'user@example.com', subject: 'Welcome!' });

// ---- manual example ----
await client.progress(job.id, 50, 'Processing items...');
await client.progress(job.id, 100, 'Complete');
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.getProgress(job.id)).progress !== 100) throw new Error('progress not stored');
await client.close();

export {};
