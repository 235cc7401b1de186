/**
 * Manual example #52: "`pushFlow<T>(queue: string, parentData: T, children: FlowChild[], options?: FlowOptions): Promise<FlowResult>`" (SDK reference, line 719).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected, helperWorker } from "./_env.ts";

// ---- setup ----
const client = await connected();
const worker = await helperWorker(['step1', 'step2', 'step3', 'processing']);

// ---- manual example ----
const flow = await client.pushFlow(
  'processing',
  { type: 'aggregate' },  // Parent job data
  [
    { queue: 'step1', data: { task: 'fetch' } },
    { queue: 'step2', data: { task: 'transform' } },
    { queue: 'step3', data: { task: 'load' } },
  ],
  { priority: 10 }  // FlowOptions
);

// Wait for parent (completes when all children complete)
const result = await client.finished(flow.parent_id);
// ---- end of manual example ----

// ---- check and clean up ----
void result;
await worker.close();
await client.close();

export {};
