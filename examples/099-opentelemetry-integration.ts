/**
 * Manual example #99: "OpenTelemetry Integration" (SDK reference, line 1612).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { CONN } from "./_env.ts";
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { FlashQ, ClientHooks } from "../client/index.ts";

// ---- manual example ----
const tracer = trace.getTracer('flashq');

const hooks: ClientHooks = {
  onPush: (ctx) => {
    ctx.span = tracer.startSpan('flashq.push', {
      attributes: {
        'flashq.queue': ctx.queue,
        'flashq.priority': ctx.options?.priority,
      },
    });
  },
  onPushComplete: (ctx) => {
    ctx.span?.setAttribute('flashq.job_id', ctx.job?.id);
    ctx.span?.end();
  },
  onPushError: (ctx, error) => {
    ctx.span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    ctx.span?.recordException(error);
    ctx.span?.end();
  },
};

const client = new FlashQ({ ...CONN, hooks });
// ---- end of manual example ----

// ---- check and clean up ----
await client.push('emails', { to: 'x' }, { priority: 1 });
await client.close();

export {};
