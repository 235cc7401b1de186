/**
 * Manual example #55: "`stats(): Promise<QueueStats>`" (SDK reference, line 760).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const stats = await client.stats();
console.log(`Queued: ${stats.queued}, Processing: ${stats.processing}`);
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
