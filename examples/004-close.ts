/**
 * Manual example #4: "`close(): Promise<void>`" (SDK reference, line 208).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
await client.close();
// ---- end of manual example ----

export {};
