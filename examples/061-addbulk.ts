/**
 * Manual example #61: "`addBulk(jobs: BulkJobOptions[]): Promise<Job[]>`" (SDK reference, line 852).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Queue } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const queue = new Queue('emails', CONN);

// ---- manual example ----
const jobs = await queue.addBulk([
  { name: 'send', data: { to: 'a@test.com' } },
  { name: 'send', data: { to: 'b@test.com' }, opts: { priority: 10 } },
]);
// ---- end of manual example ----

// ---- check and clean up ----
if (jobs.length !== 2) throw new Error('expected 2 jobs');
await queue.close();

export {};
