/**
 * Manual example #43: "`retryDlq(queue: string, jobId?: number): Promise<number>`" (SDK reference, line 609).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, failedJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
await failedJob(client, 'emails', 123);

// ---- manual example ----
// Retry all DLQ jobs
const retried = await client.retryDlq('emails');

// Retry specific job
await client.retryDlq('emails', 123);
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
