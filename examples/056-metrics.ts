/**
 * Manual example #56: "`metrics(): Promise<Metrics>`" (SDK reference, line 769).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
const metrics = await client.metrics();
console.log(`Throughput: ${metrics.jobs_per_second} jobs/sec`);
console.log(`Avg Latency: ${metrics.avg_latency_ms}ms`);
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
