/**
 * Manual example #89: "Usage Example" (SDK reference, line 1310).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { type Job } from "../client/index.ts";
import { HOST, PORT, HTTP_PORT, once, guardSignals } from "./_env.ts";
import { FlashQ, EventSubscriber } from "../client/index.ts";

// ---- setup ----
const restoreSignals = guardSignals();

// ---- manual example ----
// Setup client and subscriber
const client = new FlashQ({ host: HOST, port: PORT, httpPort: HTTP_PORT });
await client.connect();

const subscriber = client.subscribe('processing');
await subscriber.connect();

// Monitor events
subscriber.on('completed', async (event) => {
  const result = await client.getResult(event.jobId);
  console.log(`Job ${event.jobId} result:`, result);
});

subscriber.on('failed', (event) => {
  console.error(`Job ${event.jobId} failed: ${event.error}`);
});

// Push a job and watch for events
const job = await client.push('processing', { task: 'analyze' });
console.log(`Pushed job ${job.id}, waiting for completion...`);

// Cleanup
process.on('SIGTERM', () => {
  subscriber.close();
  client.close();
});
// ---- end of manual example ----

// ---- check and clean up ----
const seen = once(subscriber, 'completed');
const pulled = await client.pull('processing', 5000);
await client.ack(pulled!.id, { score: 1 });
await seen;
await client.ping(); // the example's getResult (sent before) has been answered
subscriber.close();
await client.close();
restoreSignals();

export {};
