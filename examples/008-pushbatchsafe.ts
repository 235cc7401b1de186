/**
 * Manual example #8: "`pushBatchSafe<T>(queue: string, jobs: Array<{data: T} & PushOptions>): Promise<BatchPushResult>`" (SDK reference, line 277).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { type Job } from "../client/index.ts";
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
const jobs = [{ data: { to: 'a@example.com' } }, { data: { to: 'b@example.com' }, priority: 5 }];

// ---- manual example ----
const result = await client.pushBatchSafe('emails', jobs);
console.log(`Created: ${result.ids.length}, Failed: ${result.failed.length}`);

if (!result.allSucceeded) {
  for (const f of result.failed) {
    console.error(`Job ${f.index} failed: ${f.error}`);
  }
}
// ---- end of manual example ----

// ---- check and clean up ----
if (!result.allSucceeded) throw new Error('batch failed');
await client.close();

export {};
