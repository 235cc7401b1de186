/**
 * Manual example #20: "`getJobCounts(queue: string): Promise<Record<JobState, number>>`" (SDK reference, line 402).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
await client.push('emails', { to: 'x' });

// ---- manual example ----
const counts = await client.getJobCounts('emails');
// { waiting: 10, delayed: 5, active: 2, completed: 100, failed: 3 }
// ---- end of manual example ----

// ---- check and clean up ----
if (counts.waiting !== 1) throw new Error('expected 1 waiting');
await client.close();

export {};
