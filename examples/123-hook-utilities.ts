/**
 * Manual example #123: "Hook Utilities" (SDK reference, line 2006).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { ClientHooks, type PushHookContext } from "../client/index.ts";
import { callHook, callErrorHook, createHookContext, getDuration } from "../client/index.ts";

// ---- setup ----
const hooks: ClientHooks | undefined = { onPush: (ctx) => { void ctx.queue; } };
const error = new Error('example');

// ---- manual example ----
// Create a context with start time
const ctx = createHookContext<PushHookContext>({ queue: 'test', data: {} });

// Call hooks safely (won't throw)
await callHook(hooks?.onPush, ctx);
await callErrorHook(hooks?.onPushError, ctx, error);

// Get operation duration
const duration = getDuration(ctx);  // ms since startTime
// ---- end of manual example ----

// ---- check and clean up ----
if (duration < 0) throw new Error('negative duration');

export {};
