/**
 * Manual example #25: "`update(jobId: number, data: unknown): Promise<void>`" (SDK reference, line 445).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await client.push('emails', { to: 'user@example.com' });

// ---- manual example ----
await client.update(job.id, { ...job.data, status: 'updated' });
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.getJob<{ status?: string }>(job.id))?.job.data.status !== 'updated') throw new Error('not updated');
await client.close();

export {};
