/**
 * Manual example #12: "`ackBatch(jobIds: number[]): Promise<number>`" (SDK reference, line 324).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const count = await client.ackBatch([1, 2, 3, 4, 5]);
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
