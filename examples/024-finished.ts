/**
 * Manual example #24: "`finished(jobId: number, timeout?: number): Promise<unknown>`" (SDK reference, line 436).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, helperWorker } from "./_env.ts";

// ---- setup ----
const client = await connected();
const worker = await helperWorker('processing');
const data = { input: 'text' };

// ---- manual example ----
const job = await client.push('processing', data);
const result = await client.finished(job.id, 30000); // 30s timeout
// ---- end of manual example ----

// ---- check and clean up ----
if (JSON.stringify(result) !== JSON.stringify({ done: true })) throw new Error('unexpected result');
await worker.close();
await client.close();

export {};
