/**
 * Manual example #126: "1. Use Binary Protocol in Production" (SDK reference, line 2052).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { FlashQ } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- manual example ----
const client = new FlashQ({
  ...CONN,
  useBinary: true, // 40% smaller payloads
});
// ---- end of manual example ----

// ---- check and clean up ----
await client.push('emails', { binary: true });
await client.close();

export {};
