/**
 * Manual example #133: "8. Use Rate Limiting for External APIs" (SDK reference, line 2139).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Worker } from "../client/index.ts";
import { CONN, connected, once } from "./_env.ts";

// ---- setup ----
const client = await connected();
const openai = { chat: { completions: { create: async (req: unknown) => ({ choices: [], req }) } } };

// ---- manual example ----
await client.setRateLimit('openai-calls', 50); // 50 req/sec

const worker = new Worker('openai-calls', async (job) => {
  // Rate limiting is enforced server-side
  return await openai.chat.completions.create(job.data);
}, CONN);
// ---- end of manual example ----

// ---- check and clean up ----
await Promise.all([once(worker, 'completed'), client.push('openai-calls', { prompt: 'hi' })]);
await worker.close();
await client.close();

export {};
