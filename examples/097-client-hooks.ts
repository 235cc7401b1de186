/**
 * Manual example #97: "Client Hooks" (SDK reference, line 1537).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { CONN } from "./_env.ts";
import { FlashQ, ClientHooks } from "../client/index.ts";

// ---- manual example ----
const hooks: ClientHooks = {
  // Push hooks
  onPush: (ctx) => {
    console.log(`Pushing to ${ctx.queue}`);
  },
  onPushComplete: (ctx) => {
    console.log(`Pushed job ${ctx.job?.id} in ${Date.now() - ctx.startTime}ms`);
  },
  onPushError: (ctx, error) => {
    console.error(`Push failed: ${error.message}`);
  },

  // Pull hooks
  onPull: (ctx) => {
    console.log(`Pulling from ${ctx.queue}`);
  },
  onPullComplete: (ctx) => {
    console.log(`Pulled job ${ctx.job?.id}`);
  },
  onPullError: (ctx, error) => {
    console.error(`Pull failed: ${error.message}`);
  },

  // Ack hooks
  onAck: (ctx) => { /* ... */ },
  onAckComplete: (ctx) => { /* ... */ },
  onAckError: (ctx, error) => { /* ... */ },

  // Fail hooks
  onFail: (ctx) => { /* ... */ },
  onFailComplete: (ctx) => { /* ... */ },
  onFailError: (ctx, error) => { /* ... */ },

  // Batch hooks
  onBatchPush: (ctx) => { /* ... */ },
  onBatchPushComplete: (ctx) => { /* ... */ },
  onBatchPushError: (ctx, error) => { /* ... */ },
  onBatchPull: (ctx) => { /* ... */ },
  onBatchPullComplete: (ctx) => { /* ... */ },
  onBatchPullError: (ctx, error) => { /* ... */ },

  // Connection hooks
  onConnection: (ctx) => {
    console.log(`Connection event: ${ctx.event}`);
  },
};

const client = new FlashQ({ ...CONN, hooks });
// ---- end of manual example ----

// ---- check and clean up ----
await client.push('emails', { to: 'x' });
const pulled = await client.pull('emails', 1000);
await client.ack(pulled!.id);
await client.pushBatch('emails', [{ data: 1 }]);
await client.pullBatch('emails', 1, 1000);
await client.close();

export {};
