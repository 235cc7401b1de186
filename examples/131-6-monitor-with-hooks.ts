/**
 * Manual example #131: "6. Monitor with Hooks" (SDK reference, line 2113).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { FlashQ } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const counter = { inc(labels: Record<string, unknown>): void { void labels; } };
const metrics = { pushLatency: { observe(ms: number): void { void ms; } }, pushCounter: counter, errorCounter: counter };

// ---- manual example ----
const client = new FlashQ({
  ...CONN,
  hooks: {
    onPushComplete: (ctx) => {
      metrics.pushLatency.observe(Date.now() - ctx.startTime);
      metrics.pushCounter.inc({ queue: ctx.queue });
    },
    onPushError: (ctx, error) => {
      metrics.errorCounter.inc({ queue: ctx.queue, code: error.code });
    },
  },
});
// ---- end of manual example ----

// ---- check and clean up ----
await client.push('emails', { n: 1 });
await client.close();

export {};
