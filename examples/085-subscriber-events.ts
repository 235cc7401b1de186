/**
 * Manual example #85: "Subscriber Events" (SDK reference, line 1236).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { EventSubscriber, type Job } from "../client/index.ts";
import { HOST, HTTP_PORT, connected, once } from "./_env.ts";

// ---- setup ----
const client = await connected();
const subscriber = new EventSubscriber({ host: HOST, httpPort: HTTP_PORT, queue: 'emails' });
await subscriber.connect();

// ---- manual example ----
// Connection events
subscriber.on('connected', () => {
  console.log('Connected to event stream');
});

subscriber.on('disconnected', () => {
  console.log('Disconnected from event stream');
});

subscriber.on('reconnecting', (attempt) => {
  console.log(`Reconnecting (attempt ${attempt})...`);
});

subscriber.on('error', (error) => {
  console.error('Subscriber error:', error);
});

// Job events
subscriber.on('event', (event) => {
  console.log(`${event.eventType}: Job ${event.jobId}`);
});

subscriber.on('pushed', (event) => {
  console.log(`Job ${event.jobId} pushed to ${event.queue}`);
});

subscriber.on('completed', (event) => {
  console.log(`Job ${event.jobId} completed`);
});

subscriber.on('failed', (event) => {
  console.log(`Job ${event.jobId} failed: ${event.error}`);
});

subscriber.on('progress', (event) => {
  console.log(`Job ${event.jobId}: ${event.progress}%`);
});

subscriber.on('timeout', (event) => {
  console.log(`Job ${event.jobId} timed out`);
});
// ---- end of manual example ----

// ---- check and clean up ----
const pushed = once(subscriber, 'pushed');
await client.push('emails', { to: 'x' });
await pushed;
subscriber.close();
await client.close();

export {};
