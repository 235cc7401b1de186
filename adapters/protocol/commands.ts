/**
 * The one command table: `cmd` → {schema, handler}. The TCP server dispatches every
 * request through {@link execute}; the HTTP routes reuse the same schemas and most
 * handlers. Handlers return the reply fields (with `ok: true`); the transport adds
 * `reqId`. Errors are thrown (typed, from the engine or the schemas) and mapped to
 * the wire once, by the transport, with `errorToWire`.
 */
import type { z } from "zod";
import type { BatchPushOutcome, EngineApi } from "../../core/engine-api.ts";
import { JobNotFoundError, ValidationError } from "../../core/errors.ts";
import {
  COMMAND_SCHEMAS,
  parseJobInput,
  toCronOptions,
  toFlowChildren,
  toJobInput,
  toStateFilter,
  zodToValidationError,
  type CommandName,
  type CommandRequest,
} from "../../core/schemas.ts";
import type { CleanState, Job, JobInput, JobListOptions, JobWithState } from "../../core/types.ts";
import type { KvStore } from "./kv-store.ts";
import { FAST } from "./fast-paths.ts";
import { flatten, pulledJob, pulledJobs } from "./wire.ts";

/** Reply fields of one command (the transport adds `reqId`). */
export type Reply = Record<string, unknown>;

/** Per-connection context handed to handlers. */
export interface CommandContext {
  /** Owner id of blocking pulls (released when the connection closes). */
  owner: string;
  /** The server's key-value store (KV* commands); absent where KV is not served. */
  kv?: KvStore;
  /**
   * Where a blocking pull that has to wait sends its reply, synchronously when jobs
   * arrive (TCP: written before the reply to the push that woke it), with the request it
   * answers ({@link current} when the pull was made). Without it, such a pull returns a
   * promise.
   */
  later?: (request: Record<string, unknown>, reply: Reply) => void;
  /** The raw request being run (set by a transport that sets {@link later}). */
  current?: Record<string, unknown>;
}

/** What a command returns when its reply will go to {@link CommandContext.later}. */
export const LATER: Reply = Object.freeze({ ok: true });

/** The KV store of the context, or an error (e.g. over HTTP). */
function kvOf(ctx: CommandContext): KvStore {
  if (!ctx.kv) throw new ValidationError("Key-value commands are served over TCP only", "cmd");
  return ctx.kv;
}

type Handler<C extends CommandName> = (engine: EngineApi, req: CommandRequest<C>, ctx: CommandContext) => Reply | Promise<Reply>;

/** Default PULL/PULLB wait (ms), as flashQ. */
export const DEFAULT_PULL_TIMEOUT = 60_000;
/** Default WAITJOB wait (ms), as flashQ. */
export const DEFAULT_WAIT_TIMEOUT = 30_000;

/** A fresh `{ok:true}` (transports add `reqId` to the object). */
const ok = (): Reply => ({ ok: true });

const CLEAN_STATES = new Set<string>(["waiting", "delayed", "completed", "failed"]);

/** Parse every PUSHB item; names the bad one as `jobs.<i>.<field>`. */
export function parseJobInputs(items: unknown[]): JobInput[] {
  const out = new Array<JobInput>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = parseJobInput(items[i], `jobs.${i}`);
  return out;
}

/**
 * `{ids, errors?}` from per-item batch results (flashQ: failed items are just missing).
 * A duplicate's error names the job holding its key (`jobId`), as a single PUSH's does,
 * so an idempotent retry learns the original id.
 */
export function batchReply(results: ReturnType<EngineApi["pushBatch"]>): Reply {
  const ids: number[] = [];
  let errors: { index: number; error: string; code: string; jobId?: number }[] | undefined;
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r.ok) ids.push(r.id);
    else (errors ??= []).push(r.jobId === undefined ? { index: i, error: r.error, code: r.code } : { index: i, error: r.error, code: r.code, jobId: r.jobId });
  }
  return errors ? { ok: true, ids, errors } : { ok: true, ids };
}

/** PUSHB reply of {@link EngineApi.pushBatchIds}: the same shape as {@link batchReply}. */
export function batchIdsReply(o: BatchPushOutcome): Reply {
  return o.errors !== undefined ? { ok: true, ids: o.ids, errors: o.errors } : { ok: true, ids: o.ids };
}

/** GETJOB-style reply: `{job, state}` with `job: null, state: "unknown"` when absent. */
export function jobReply(js: JobWithState | null): Reply {
  return js ? { ok: true, job: js.job, state: js.state } : { ok: true, job: null, state: "unknown" };
}

/** Resolve `id` or its alias `job_id` (flashQ SDK's LOG/GETLOGS/HEARTBEAT). */
function aliasId(req: { id?: number | null; job_id?: number | string | null }): number {
  const v = req.id ?? req.job_id;
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new ValidationError("Invalid field 'id': is required", "id");
  }
  return n;
}

/**
 * PULL/PULLB: take ready jobs at once when there are some, else wait for the first —
 * answering through {@link CommandContext.later} where the transport offers it, else with
 * a promise. `toReply` shapes the jobs (one job for PULL, a list for PULLB).
 */
function pullReply(
  engine: EngineApi,
  queue: string,
  count: number,
  timeout: number,
  ctx: CommandContext,
  toReply: (jobs: Job[]) => Reply,
): Reply | Promise<Reply> {
  const owner = ctx.owner;
  const now = engine.tryPull(queue, count, owner);
  if (now.length > 0 || timeout === 0) return toReply(now);
  const later = ctx.later;
  const request = ctx.current;
  if (later !== undefined && request !== undefined) {
    engine.pullWith(queue, { count, timeoutMs: timeout, owner }, (jobs) => later(request, toReply(jobs)));
    return LATER;
  }
  return engine.pull(queue, { count, timeoutMs: timeout, owner }).then(toReply);
}

const firstJob = (jobs: Job[]): Reply => pulledJob(jobs[0] ?? null);

/** PULL: one job now, or wait for one (see {@link pullReply}). */
export function pullOne(engine: EngineApi, queue: string, timeout: number, ctx: CommandContext): Reply | Promise<Reply> {
  return pullReply(engine, queue, 1, timeout, ctx, firstJob);
}

/** PULLB: up to `count` jobs now, or wait for the first (see {@link pullReply}). */
export function pullMany(engine: EngineApi, queue: string, count: number, timeout: number, ctx: CommandContext): Reply | Promise<Reply> {
  return pullReply(engine, queue, count, timeout, ctx, pulledJobs);
}

/** The list options of GETJOBS / GET /jobs. */
export function listOptions(req: CommandRequest<"GETJOBS">): JobListOptions {
  const o: JobListOptions = {};
  if (req.queue) o.queue = req.queue;
  const state = toStateFilter(req.state);
  if (state) o.state = state;
  if (req.tags) o.tags = req.tags;
  o.limit = Math.min(req.limit ?? 100, 1000);
  o.offset = req.offset ?? 0;
  return o;
}

/** Validate a CLEAN state with flashQ's message. */
export function cleanState(state: string): CleanState {
  if (!CLEAN_STATES.has(state)) {
    throw new ValidationError("Invalid state. Use: waiting, delayed, completed, failed", "state");
  }
  return state as CleanState;
}

const HANDLERS: { [C in CommandName]: Handler<C> } = {
  PUSH: (e, r) => ({ ok: true, id: e.push(r.queue, toJobInput(r)).id }),
  PUSHB: (e, r) => batchIdsReply(e.pushBatchIds(r.queue, parseJobInputs(r.jobs))),
  PULL: (e, r, c) => pullOne(e, r.queue, r.timeout ?? DEFAULT_PULL_TIMEOUT, c),
  PULLB: (e, r, c) => pullMany(e, r.queue, r.count, r.timeout ?? DEFAULT_PULL_TIMEOUT, c),
  ACK: (e, r) => (e.ack(r.id, r.result === undefined ? null : r.result), ok()),
  ACKB: (e, r) => {
    const n = e.ackBatch(r.ids, r.results ?? undefined);
    return { ok: true, ids: [n], count: n };
  },
  FAIL: (e, r) => (e.fail(r.id, r.error ?? undefined), ok()),
  GETJOB: (e, r) => jobReply(e.getJob(r.id)),
  GETSTATE: (e, r) => ({ ok: true, id: r.id, state: e.getState(r.id) }),
  GETRESULT: (e, r) => ({ ok: true, id: r.id, result: e.getResult(r.id) ?? null }),
  WAITJOB: (e, r) =>
    e.finished(r.id, r.timeout ?? DEFAULT_WAIT_TIMEOUT).then((result) =>
      result === undefined ? ok() : { ok: true, result },
    ),
  GETJOBBYCUSTOMID: (e, r) => jobReply(e.getJobByCustomId(r.job_id)),
  GETJOBSBATCH: (e, r) => ({ ok: true, jobs: e.getJobsBatch(r.ids).map((js) => flatten(js, false)) }),
  GETJOBS: (e, r) => {
    const { jobs, total } = e.getJobs(listOptions(r));
    return { ok: true, jobs: jobs.map((js) => flatten(js, true)), total };
  },
  GETJOBCOUNTS: (e, r) => ({ ok: true, ...e.getJobCounts(r.queue) }),
  COUNT: (e, r) => ({ ok: true, count: e.count(r.queue) }),
  GETPROGRESS: (e, r) => ({ ok: true, progress: e.getProgress(r.id) }),
  GETLOGS: (e, r) => {
    const id = aliasId(r);
    return { ok: true, id, logs: e.getLogs(id) };
  },
  GETCHILDREN: (e, r) => {
    const pid = r.parent_id ?? r.id;
    if (pid === null || pid === undefined) throw new ValidationError("Invalid field 'parent_id': is required", "parent_id");
    const c = e.getChildren(pid);
    return { ok: true, parent_id: pid, children: c.children, children_ids: c.children_ids, completed: c.completed, total: c.total };
  },
  CANCEL: (e, r) => (e.cancel(r.id), ok()),
  PROGRESS: (e, r) => (e.progress(r.id, r.progress, r.message ?? undefined), ok()),
  UPDATEJOB: (e, r) => (e.update(r.id, r.data === undefined ? null : r.data), ok()),
  CHANGEPRIORITY: (e, r) => (e.changePriority(r.id, r.priority), ok()),
  MOVETODELAYED: (e, r) => (e.moveToDelayed(r.id, r.delay), ok()),
  PROMOTE: (e, r) => (e.promote(r.id), ok()),
  DISCARD: (e, r) => (e.discard(r.id), ok()),
  HEARTBEAT: (e, r) => (e.heartbeat(aliasId(r)), ok()),
  LOG: (e, r) => (e.log(aliasId(r), r.message, r.level ?? undefined), ok()),
  PARTIAL: (e, r) => (e.partial(r.id, r.data, r.index ?? undefined), ok()),
  FLOW: (e, r) => {
    const f = e.pushFlow(r.queue, r.data === undefined ? null : r.data, toFlowChildren(r.children), {
      priority: r.priority ?? 0,
    });
    return { ok: true, parent_id: f.parent_id, children_ids: f.children_ids };
  },
  PAUSE: (e, r) => (e.pause(r.queue), ok()),
  RESUME: (e, r) => (e.resume(r.queue), ok()),
  ISPAUSED: (e, r) => ({ ok: true, paused: e.isPaused(r.queue) }),
  RATELIMIT: (e, r) => (e.setRateLimit(r.queue, r.limit), ok()),
  RATELIMITCLEAR: (e, r) => (e.clearRateLimit(r.queue), ok()),
  SETCONCURRENCY: (e, r) => (e.setConcurrency(r.queue, r.limit), ok()),
  CLEARCONCURRENCY: (e, r) => (e.clearConcurrency(r.queue), ok()),
  LISTQUEUES: (e) => ({ ok: true, queues: e.listQueues() }),
  DRAIN: (e, r) => ({ ok: true, count: e.drain(r.queue) }),
  OBLITERATE: (e, r) => ({ ok: true, count: e.obliterate(r.queue) }),
  CLEAN: (e, r) => ({ ok: true, count: e.clean(r.queue, r.grace, cleanState(r.state), r.limit ?? undefined) }),
  DLQ: (e, r) => ({ ok: true, jobs: e.getDlq(r.queue, r.count ?? 100) }),
  RETRYDLQ: (e, r) => {
    const n = e.retryDlq(r.queue, r.id ?? undefined);
    return { ok: true, ids: [n], count: n };
  },
  PURGEDLQ: (e, r) => ({ ok: true, count: e.purgeDlq(r.queue) }),
  CRON: (e, r) => (e.addCron(r.name, toCronOptions(r)), ok()),
  CRONDELETE: (e, r) => {
    if (!e.deleteCron(r.name)) throw new JobNotFoundError(0, `Cron job not found: ${r.name}`);
    return ok();
  },
  CRONLIST: (e) => ({ ok: true, crons: e.listCrons() }),
  STATS: (e) => ({ ok: true, ...e.stats() }),
  METRICS: (e) => ({ ok: true, metrics: e.metrics() }),
  SUBSCRIBE: () => ok(),
  UNSUBSCRIBE: () => ok(),
  PING: () => ({ ok: true, pong: true }),
  // Connection state: the TCP server answers AUTH itself; this runs only when auth is off.
  AUTH: () => ok(),
  KVSET: (_e, r, c) => (kvOf(c).set(r.key, r.value, r.ttl), ok()),
  KVGET: (_e, r, c) => ({ ok: true, value: kvOf(c).get(r.key) }),
  KVDEL: (_e, r, c) => ({ ok: true, exists: kvOf(c).del(r.key) }),
  KVMGET: (_e, r, c) => {
    const kv = kvOf(c);
    return { ok: true, values: r.keys.map((k) => kv.get(k)) };
  },
  KVMSET: (_e, r, c) => {
    const kv = kvOf(c);
    for (const en of r.entries) kv.set(en.key, en.value, en.ttl);
    return { ok: true, count: r.entries.length };
  },
  KVEXISTS: (_e, r, c) => ({ ok: true, exists: kvOf(c).exists(r.key) }),
  KVEXPIRE: (_e, r, c) => ({ ok: true, exists: kvOf(c).expire(r.key, r.ttl) }),
  KVTTL: (_e, r, c) => ({ ok: true, ttl: kvOf(c).ttl(r.key) }),
  KVKEYS: (_e, r, c) => ({ ok: true, keys: kvOf(c).keys(r.pattern) }),
  KVINCR: (_e, r, c) => ({ ok: true, value: kvOf(c).incr(r.key, r.by ?? 1) }),
};

/** Commands whose effects must be committed before the reply (commit-before-reply). */
const READ_ONLY = new Set<string>([
  "PULL", "PULLB", "GETJOB", "GETSTATE", "GETRESULT", "WAITJOB", "GETJOBBYCUSTOMID", "GETJOBSBATCH",
  "GETJOBS", "GETJOBCOUNTS", "COUNT", "GETPROGRESS", "GETLOGS", "GETCHILDREN", "HEARTBEAT", "ISPAUSED",
  "LISTQUEUES", "DLQ", "CRONLIST", "STATS", "METRICS", "SUBSCRIBE", "UNSUBSCRIBE", "PING", "AUTH",
  // KV is in-memory only: nothing to commit.
  "KVSET", "KVGET", "KVDEL", "KVMGET", "KVMSET", "KVEXISTS", "KVEXPIRE", "KVTTL", "KVKEYS", "KVINCR",
]);

/** A command's schema, handler and whether it changes durable state. */
export interface CommandSpec {
  schema: z.ZodType;
  mutates: boolean;
  run: (engine: EngineApi, req: never, ctx: CommandContext) => Reply | Promise<Reply>;
  /**
   * Optional hot path on the raw message: handles well-formed input without the zod
   * copy and returns undefined to fall back to the schema (which names any problem).
   */
  fast?: (engine: EngineApi, msg: Record<string, unknown>, ctx: CommandContext) => Reply | Promise<Reply> | undefined;
}


/** Every command, by name (a null-prototype map, so `__proto__` etc. are unknown). */
export const COMMANDS: Record<string, CommandSpec | undefined> = Object.create(null);
for (const name of Object.keys(COMMAND_SCHEMAS) as CommandName[]) {
  COMMANDS[name] = {
    schema: COMMAND_SCHEMAS[name],
    mutates: !READ_ONLY.has(name),
    run: HANDLERS[name] as CommandSpec["run"],
    fast: FAST[name],
  };
}

/** Look up a command or throw a `ValidationError` naming it. */
export function commandOf(cmd: unknown): CommandSpec {
  const spec = typeof cmd === "string" ? COMMANDS[cmd] : undefined;
  if (spec) return spec;
  if (cmd === undefined || cmd === null) throw new ValidationError("Invalid field 'cmd': is required", "cmd");
  throw new ValidationError(`Unknown command: ${String(cmd)}`, "cmd");
}

/** Validate `msg` against `spec` and run it. Throws typed errors; may return a promise (blocking commands). */
export function run(engine: EngineApi, spec: CommandSpec, msg: unknown, ctx: CommandContext): Reply | Promise<Reply> {
  if (spec.fast !== undefined) {
    const r = spec.fast(engine, msg as Record<string, unknown>, ctx);
    if (r !== undefined) return r;
  }
  const parsed = spec.schema.safeParse(msg);
  if (!parsed.success) throw zodToValidationError(parsed.error);
  return spec.run(engine, parsed.data as never, ctx);
}

