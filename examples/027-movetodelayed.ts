/**
 * Manual example #27: "`moveToDelayed(jobId: number, delay: number): Promise<void>`" (SDK reference, line 461).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await activeJob(client, 'emails', { to: 'user@example.com', subject: 'Welcome!' });

// ---- manual example ----
await client.moveToDelayed(job.id, 60000); // Delay 1 minute
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.getState(job.id)) !== 'delayed') throw new Error('not delayed');
await client.close();

export {};
