/**
 * Manual example #37: "`drain(queue: string): Promise<number>`" (SDK reference, line 554).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
await client.pushBatch('emails', [{ data: 1 }, { data: 2 }]);

// ---- manual example ----
const removed = await client.drain('emails');
console.log(`Removed ${removed} jobs`);
// ---- end of manual example ----

// ---- check and clean up ----
if (removed !== 2) throw new Error(`expected 2 removed, got ${removed}`);
await client.close();

export {};
