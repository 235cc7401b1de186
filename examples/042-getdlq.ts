/**
 * Manual example #42: "`getDlq(queue: string, count?: number): Promise<Job[]>`" (SDK reference, line 601).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const dlqJobs = await client.getDlq('emails', 100);
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
