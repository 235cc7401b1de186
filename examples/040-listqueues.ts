/**
 * Manual example #40: "`listQueues(): Promise<QueueInfo[]>`" (SDK reference, line 580).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
await client.push('emails', { to: 'x' });

// ---- manual example ----
const queues = await client.listQueues();
for (const q of queues) {
  console.log(`${q.name}: ${q.pending} pending, ${q.processing} active`);
}
// ---- end of manual example ----

// ---- check and clean up ----
if (!queues.some((q) => q.name === 'emails')) throw new Error('queue not listed');
await client.close();

export {};
