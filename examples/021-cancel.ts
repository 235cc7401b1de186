/**
 * Manual example #21: "`cancel(jobId: number): Promise<void>`" (SDK reference, line 411).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, jobWithId } from "./_env.ts";

// ---- setup ----
const client = await connected();
await jobWithId(client, 123, 'emails', { to: 'user@example.com' });

// ---- manual example ----
await client.cancel(123);
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.getState(123)) !== null) throw new Error('not cancelled');
await client.close();

export {};
