/**
 * Manual example #128: "3. Use Batch Operations" (SDK reference, line 2070).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
const items = [{ n: 1 }, { n: 2 }, { n: 3 }];

// ---- manual example ----
// Instead of many single pushes
for (const data of items) {
  await client.push('queue', data); // Slow
}

// Use batch
await client.pushBatch('queue', items.map(data => ({ data }))); // Fast
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
