/**
 * Manual example #64: "`isPaused(): Promise<boolean>`" (SDK reference, line 891).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Queue } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const queue = new Queue('emails', CONN);
await queue.pause();

// ---- manual example ----
if (await queue.isPaused()) {
  console.log('Queue is paused');
}
// ---- end of manual example ----

// ---- check and clean up ----
await queue.resume();
await queue.close();

export {};
