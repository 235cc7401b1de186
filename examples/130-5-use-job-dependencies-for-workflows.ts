/**
 * Manual example #130: "5. Use Job Dependencies for Workflows" (SDK reference, line 2098).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, helperWorker } from "./_env.ts";

// ---- setup ----
const client = await connected();
const worker = await helperWorker(['step1', 'step2', 'step3']);
const data1 = { step: 1 };
const data2 = { step: 2 };
const data3 = { step: 3 };

// ---- manual example ----
const step1 = await client.push('step1', data1);
const step2 = await client.push('step2', data2, {
  depends_on: [step1.id],
});
const step3 = await client.push('step3', data3, {
  depends_on: [step2.id],
});

// Wait for final step
const result = await client.finished(step3.id);
// ---- end of manual example ----

// ---- check and clean up ----
if (JSON.stringify(result) !== JSON.stringify({ done: true })) throw new Error('unexpected result');
await worker.close();
await client.close();

export {};
