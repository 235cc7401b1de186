/**
 * Observability hooks (reference manual, "Observability Hooks"): typed contexts, the
 * hook sets of the client and the worker, and helpers that call hooks safely.
 * A hook that throws (or rejects) never breaks the operation it observes.
 */
import type { Job, JobInput } from "../core/types.ts";
import type { PushOptions } from "./types.ts";

/** What every hook context carries; hooks may add their own fields (e.g. spans). */
export interface HookContext {
  /** Operation start, ms since the epoch. */
  startTime: number;
  /** Request id for correlation (with `trackRequestIds`). */
  requestId?: string;
  /** Custom data, e.g. a tracing span (typed loosely so `ctx.span?.end()` compiles, as in the manual). */
  // deno-lint-ignore no-explicit-any
  [key: string]: any;
}

/** Context of push hooks. */
export interface PushHookContext extends HookContext {
  queue: string;
  data: unknown;
  options?: PushOptions;
  job?: Job;
}

/** Context of pull hooks. */
export interface PullHookContext extends HookContext {
  queue: string;
  timeout?: number;
  job?: Job | null;
}

/** Context of ack hooks. */
export interface AckHookContext extends HookContext {
  jobId: number;
  result?: unknown;
}

/** Context of fail hooks. */
export interface FailHookContext extends HookContext {
  jobId: number;
  error?: string;
}

/** Context of worker processing hooks. */
export interface ProcessHookContext extends HookContext {
  job: Job;
  workerId: string;
  result?: unknown;
  error?: Error;
}

/** Context of batch push hooks. */
export interface BatchPushHookContext extends HookContext {
  queue: string;
  count: number;
  jobs?: JobInput[];
  ids?: number[];
  failedCount?: number;
}

/** Context of batch pull hooks. */
export interface BatchPullHookContext extends HookContext {
  queue: string;
  count: number;
  timeout?: number;
  jobs?: Job[];
}

/** Connection life-cycle events reported to `onConnection`. */
export type ConnectionEvent = "connect" | "disconnect" | "reconnecting" | "reconnected" | "error";

/** Context of the connection hook. */
export interface ConnectionHookContext extends HookContext {
  host: string;
  port: number;
  event: ConnectionEvent;
  error?: Error;
  attempt?: number;
}

/** A hook. */
export type Hook<T extends HookContext> = (ctx: T) => void | Promise<void>;
/** The error an error hook receives: SDK errors carry `code` and `retryable`. */
export type HookError = Error & { code?: string; retryable?: boolean };

/** An error hook. */
export type ErrorHook<T extends HookContext> = (ctx: T, error: HookError) => void | Promise<void>;

/** Hooks of the {@link FlashQ} client. */
export interface ClientHooks {
  onPush?: Hook<PushHookContext>;
  onPushComplete?: Hook<PushHookContext>;
  onPushError?: ErrorHook<PushHookContext>;
  onPull?: Hook<PullHookContext>;
  onPullComplete?: Hook<PullHookContext>;
  onPullError?: ErrorHook<PullHookContext>;
  onAck?: Hook<AckHookContext>;
  onAckComplete?: Hook<AckHookContext>;
  onAckError?: ErrorHook<AckHookContext>;
  onFail?: Hook<FailHookContext>;
  onFailComplete?: Hook<FailHookContext>;
  onFailError?: ErrorHook<FailHookContext>;
  onBatchPush?: Hook<BatchPushHookContext>;
  onBatchPushComplete?: Hook<BatchPushHookContext>;
  onBatchPushError?: ErrorHook<BatchPushHookContext>;
  onBatchPull?: Hook<BatchPullHookContext>;
  onBatchPullComplete?: Hook<BatchPullHookContext>;
  onBatchPullError?: ErrorHook<BatchPullHookContext>;
  onConnection?: Hook<ConnectionHookContext>;
}

/** Hooks of the {@link Worker}. */
export interface WorkerHooks {
  onProcess?: Hook<ProcessHookContext>;
  onProcessComplete?: Hook<ProcessHookContext>;
  onProcessError?: ErrorHook<ProcessHookContext>;
}

/**
 * The names of the client hooks. A value of the same name as the type, so that
 * `import { FlashQ, ClientHooks } from ...` (as the manual writes it) also works under
 * `verbatimModuleSyntax`, where a type-only name in a value import is an error.
 */
export const ClientHooks: readonly (keyof ClientHooks)[] = Object.freeze([
  "onPush", "onPushComplete", "onPushError", "onPull", "onPullComplete", "onPullError",
  "onAck", "onAckComplete", "onAckError", "onFail", "onFailComplete", "onFailError",
  "onBatchPush", "onBatchPushComplete", "onBatchPushError",
  "onBatchPull", "onBatchPullComplete", "onBatchPullError", "onConnection",
] as const);

/** The names of the worker hooks (a value twin of the type, see {@link ClientHooks}). */
export const WorkerHooks: readonly (keyof WorkerHooks)[] = Object.freeze([
  "onProcess", "onProcessComplete", "onProcessError",
] as const);

/** Create a hook context: `fields` plus `startTime = Date.now()`. */
export function createHookContext<T extends HookContext>(fields: Omit<T, "startTime"> & { startTime?: number }): T {
  return { ...fields, startTime: fields.startTime ?? Date.now() } as T;
}

/** Milliseconds since the context's `startTime`. */
export function getDuration(ctx: HookContext): number {
  return Date.now() - ctx.startTime;
}

function report(err: unknown): void {
  console.warn("[flashq] hook threw:", err);
}

/** Call a hook if defined; never throws (a failing hook is reported on the console). */
export async function callHook<T extends HookContext>(hook: Hook<T> | undefined, ctx: T): Promise<void> {
  if (!hook) return;
  try {
    await hook(ctx);
  } catch (err) {
    report(err);
  }
}

/** Call an error hook if defined; never throws. */
export async function callErrorHook<T extends HookContext>(
  hook: ErrorHook<T> | undefined,
  ctx: T,
  error: Error,
): Promise<void> {
  if (!hook) return;
  try {
    await hook(ctx, error);
  } catch (err) {
    report(err);
  }
}
