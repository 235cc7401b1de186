/**
 * Manual example #29: "`discard(jobId: number): Promise<void>`" (SDK reference, line 477).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await client.push('emails', { to: 'user@example.com' });

// ---- manual example ----
await client.discard(job.id);
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.getState(job.id)) !== 'failed') throw new Error('not in DLQ');
await client.close();

export {};
