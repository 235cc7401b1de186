/**
 * Manual example #57: "Queue Class" (SDK reference, line 781).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { HOST, PORT } from "./_env.ts";
import { Queue } from "../client/index.ts";

// ---- manual example ----
const queue = new Queue('emails', {
  host: HOST,
  port: PORT,
});
// ---- end of manual example ----

// ---- check and clean up ----
await queue.add('check', { ok: true });
await queue.obliterate();
await queue.close();

export {};
