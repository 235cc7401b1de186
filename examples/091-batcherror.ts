/**
 * Manual example #91: "BatchError" (SDK reference, line 1409).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";
import { BatchError } from "../client/index.ts";

// ---- setup ----
const client = await connected();
const jobs = [{ data: { n: 1 } }, { data: { n: 2 } }];

// ---- manual example ----
try {
  await client.pushBatch('queue', jobs);
} catch (error) {
  if (error instanceof BatchError) {
    console.log(`Succeeded: ${error.successCount}`);
    console.log(`Failed: ${error.failureCount}`);

    for (const { index, item, error: itemError } of error.failed) {
      console.log(`Item ${index} failed: ${itemError.message}`);
    }
  }
}
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
