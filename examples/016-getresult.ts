/**
 * Manual example #16: "`getResult(jobId: number): Promise<unknown | null>`" (SDK reference, line 362).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJobWithId } from "./_env.ts";

// ---- setup ----
const client = await connected();
const done = await activeJobWithId(client, 123, 'emails', { to: 'user@example.com' });
await client.ack(done.id, { sent: true });

// ---- manual example ----
const result = await client.getResult(123);
// ---- end of manual example ----

// ---- check and clean up ----
if (JSON.stringify(result) !== JSON.stringify({ sent: true })) throw new Error('unexpected result');
await client.close();

export {};
