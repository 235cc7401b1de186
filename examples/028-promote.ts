/**
 * Manual example #28: "`promote(jobId: number): Promise<void>`" (SDK reference, line 469).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
const delayedJobId = (await client.push('emails', { to: 'later' }, { delay: 60000 })).id;

// ---- manual example ----
await client.promote(delayedJobId);
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.getState(delayedJobId)) !== 'waiting') throw new Error('not promoted');
await client.close();

export {};
