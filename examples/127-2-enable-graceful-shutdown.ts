/**
 * Manual example #127: "2. Enable Graceful Shutdown" (SDK reference, line 2060).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Worker } from "../client/index.ts";
import { CONN, connected, guardSignals } from "./_env.ts";

// ---- setup ----
const restoreSignals = guardSignals();
const client = await connected();
const worker = new Worker('emails', async () => ({}), CONN);

// ---- manual example ----
process.on('SIGTERM', async () => {
  await worker.close(); // Waits for current jobs
  await client.close();
  process.exit(0);
});
// ---- end of manual example ----

// ---- check and clean up ----
await worker.close();
await client.close();
restoreSignals();

export {};
