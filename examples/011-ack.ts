/**
 * Manual example #11: "`ack(jobId: number, result?: unknown): Promise<void>`" (SDK reference, line 316).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await activeJob(client, 'emails', { to: 'user@example.com', subject: 'Welcome!' });

// ---- manual example ----
await client.ack(job.id, { sent: true, timestamp: Date.now() });
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.getState(job.id)) !== 'completed') throw new Error('not completed');
await client.close();

export {};
