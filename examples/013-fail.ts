/**
 * Manual example #13: "`fail(jobId: number, error?: string): Promise<void>`" (SDK reference, line 332).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, activeJob } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await activeJob(client, 'emails', { to: 'user@example.com', subject: 'Welcome!' });

// ---- manual example ----
await client.fail(job.id, 'SMTP connection timeout');
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
