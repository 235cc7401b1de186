/**
 * Manual example #23: "`getProgress(jobId: number): Promise<{progress: number, message?: string}>`" (SDK reference, line 428).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJobWithId } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await activeJobWithId(client, 123, 'emails', { to: 'user@example.com' });
await client.progress(job.id, 40, 'working');

// ---- manual example ----
const { progress, message } = await client.getProgress(123);
// ---- end of manual example ----

// ---- check and clean up ----
if (progress !== 40 || message !== 'working') throw new Error('unexpected progress');
await client.close();

export {};
