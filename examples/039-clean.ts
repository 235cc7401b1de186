/**
 * Manual example #39: "`clean(queue: string, grace: number, state: JobState, limit?: number): Promise<number>`" (SDK reference, line 571).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
// Remove completed jobs older than 1 hour
const cleaned = await client.clean('emails', 3600000, 'completed', 1000);
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
