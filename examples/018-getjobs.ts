/**
 * Manual example #18: "`getJobs(options): Promise<{jobs: JobWithState[], total: number}>`" (SDK reference, line 378).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, failedJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
await failedJob(client, 'emails');

// ---- manual example ----
const { jobs, total } = await client.getJobs({
  queue: 'emails',
  state: 'failed',
  limit: 100,
  offset: 0,
});
// ---- end of manual example ----

// ---- check and clean up ----
if (total < 1 || jobs[0]!.state !== 'failed') throw new Error('expected a failed job');
await client.close();

export {};
