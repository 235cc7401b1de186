/**
 * Manual example #65: "`getJobCounts(): Promise<JobCounts>`" (SDK reference, line 901).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Queue } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const queue = new Queue('emails', CONN);
await queue.add('a', { n: 1 });

// ---- manual example ----
const counts = await queue.getJobCounts();
// { waiting: 10, active: 2, completed: 100, failed: 5, delayed: 3 }
// ---- end of manual example ----

// ---- check and clean up ----
if (counts.waiting !== 1) throw new Error('expected 1 waiting');
await queue.close();

export {};
