/**
 * Manual example #33: "`getChildren(jobId: number): Promise<number[]>`" (SDK reference, line 516).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
const parentJobId = (await client.pushFlow('reports', { type: 'parent' }, [{ queue: 'parts', data: { n: 1 } }, { queue: 'parts', data: { n: 2 } }, { queue: 'parts', data: { n: 3 } }])).parent_id;

// ---- manual example ----
const childIds = await client.getChildren(parentJobId);
// Returns array of child job IDs: [2, 3, 4]

// Get full job details if needed
const childJobs = await client.getJobsBatch(childIds);
// ---- end of manual example ----

// ---- check and clean up ----
if (childIds.length !== 3 || childJobs.length !== 3) throw new Error('expected 3 children');
await client.close();

export {};
