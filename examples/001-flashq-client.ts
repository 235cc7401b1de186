/**
 * Manual example #1: "FlashQ Client" (SDK reference, line 114).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { HOST, PORT } from "./_env.ts";
import { FlashQ } from "../client/index.ts";

// ---- manual example ----
const client = new FlashQ({
  host: HOST,
  port: PORT,
});

await client.connect();
// ... use client
await client.close();
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
