/**
 * Manual example #26: "`changePriority(jobId: number, priority: number): Promise<void>`" (SDK reference, line 453).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
const job = await client.push('emails', { to: 'user@example.com' });

// ---- manual example ----
await client.changePriority(job.id, 100); // Boost priority
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
