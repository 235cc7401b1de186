/**
 * Manual example #63: "`finished<R>(jobId: number, timeout?: number): Promise<R | null>`" (SDK reference, line 874).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Queue } from "../client/index.ts";
import { CONN, helperWorker } from "./_env.ts";

// ---- setup ----
const queue = new Queue('emails', CONN);
const worker = await helperWorker('emails');
const data = { input: 'text' };

// ---- manual example ----
const job = await queue.add('process', data);
const result = await queue.finished(job.id, 30000);
// ---- end of manual example ----

// ---- check and clean up ----
if (JSON.stringify(result) !== JSON.stringify({ done: true })) throw new Error('unexpected result');
await worker.close();
await queue.close();

export {};
