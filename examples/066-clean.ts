/**
 * Manual example #66: "`clean(grace: number, limit: number, type: JobState): Promise<number[]>`" (SDK reference, line 918).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Queue } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const queue = new Queue('emails', CONN);

// ---- manual example ----
// Remove completed jobs older than 1 hour (limit 1000)
const cleaned = await queue.clean(3600000, 1000, 'completed');
// ---- end of manual example ----

// ---- check and clean up ----
void cleaned;
await queue.close();

export {};
