/**
 * Manual example #38: "`obliterate(queue: string): Promise<void>`" (SDK reference, line 563).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
await client.obliterate('test-queue'); // Dangerous!
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
