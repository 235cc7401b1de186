/**
 * Manual example #41: "`count(queue: string): Promise<number>`" (SDK reference, line 591).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const total = await client.count('emails');
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
