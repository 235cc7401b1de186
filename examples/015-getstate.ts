/**
 * Manual example #15: "`getState(jobId: number): Promise<JobState | null>`" (SDK reference, line 353).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, jobWithId } from "./_env.ts";

// ---- setup ----
const client = await connected();
await jobWithId(client, 123, 'emails', { to: 'user@example.com' });

// ---- manual example ----
const state = await client.getState(123);
// Returns: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | null
// ---- end of manual example ----

// ---- check and clean up ----
if (state !== 'waiting') throw new Error(`state ${state}`);
await client.close();

export {};
