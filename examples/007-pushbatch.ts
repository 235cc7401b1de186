/**
 * Manual example #7: "`pushBatch<T>(queue: string, jobs: Array<{data: T} & PushOptions>): Promise<number[]>`" (SDK reference, line 266).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const ids = await client.pushBatch('emails', [
  { data: { to: 'user1@example.com' } },
  { data: { to: 'user2@example.com' }, priority: 10 },
]);
// ---- end of manual example ----

// ---- check and clean up ----
if (ids.length !== 2) throw new Error('expected 2 ids');
await client.close();

export {};
