/**
 * Manual example #17: "`getJobByCustomId(customId: string): Promise<JobWithState | null>`" (SDK reference, line 370).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
await client.push('orders', { total: 42 }, { jobId: 'order-12345' });

// ---- manual example ----
const result = await client.getJobByCustomId('order-12345');
// ---- end of manual example ----

// ---- check and clean up ----
if (!result) throw new Error('custom id not found');
await client.close();

export {};
