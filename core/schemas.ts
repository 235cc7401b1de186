/**
 * Wire-shape schemas (zod) of every command's request, shared by the TCP server, the
 * HTTP routes and the edge producer. They check *shapes* (types, required fields);
 * semantic limits (queue-name charset, data size, batch size) are the engine's job
 * (`validation.ts`).
 *
 * Two normalisations happen here, once, for every transport:
 * - `null` is "absent": flashQ's SDK encodes `undefined` properties as MessagePack
 *   `nil`, so every optional field accepts `null` and {@link toJobInput} drops it.
 * - SDK aliases become wire names: `jobId`→`job_id`, `keepCompletedAge`→
 *   `keep_completed_age`, `keepCompletedCount`→`keep_completed_count`,
 *   `attempts`→`max_attempts` (the wire name wins when both are given).
 *
 * Unknown fields are ignored (the SDK's `_compressed` is inflated by the TCP transport first).
 */
import { z } from "zod";
import { ValidationError } from "./errors.ts";
import { fastJobInput } from "./job-input-fast.ts";
import type { BackoffOption, CronOptions, FlowChild, JobInput, JobState } from "./types.ts";

export { fastJobInput };

const int = z.number().int();
const nonNegInt = z.number().int().min(0);
const nonNeg = z.number().min(0);
const str = z.string();
const id = z.number().int().min(0);
const ids = z.array(id);

/** `x` or null/absent. */
function opt<T extends z.ZodType>(s: T) {
  return s.nullish();
}

const backoff = z.union([nonNeg, z.object({ type: z.enum(["exponential", "fixed"]), delay: nonNeg })]);

/** Fields of one job to push (PUSH without `queue`, one PUSHB item, HTTP push body). */
export const jobInputShape = {
  data: z.unknown().optional(),
  priority: opt(int),
  delay: opt(nonNeg),
  ttl: opt(nonNeg),
  timeout: opt(nonNeg),
  max_attempts: opt(nonNegInt),
  attempts: opt(nonNegInt),
  backoff: opt(backoff),
  unique_key: opt(str),
  depends_on: opt(ids),
  tags: opt(z.array(str)),
  lifo: opt(z.boolean()),
  remove_on_complete: opt(z.boolean()),
  remove_on_fail: opt(z.boolean()),
  stall_timeout: opt(nonNeg),
  debounce_id: opt(str),
  debounce_ttl: opt(nonNeg),
  job_id: opt(str),
  jobId: opt(str),
  keep_completed_age: opt(nonNeg),
  keepCompletedAge: opt(nonNeg),
  keep_completed_count: opt(nonNegInt),
  keepCompletedCount: opt(nonNegInt),
  group_id: opt(str),
};

/** One job to push, before normalisation. */
export const jobInputSchema = z.object(jobInputShape);
/** Parsed (raw) job input: nulls and aliases still present. */
export type RawJobInput = z.infer<typeof jobInputSchema>;

/** Copy `raw[from]` to `out[to]` unless null/absent. */
function put(out: Record<string, unknown>, to: string, v: unknown): void {
  if (v !== null && v !== undefined) out[to] = v;
}

/** Normalise a parsed job input: drop nulls, resolve aliases. `data` absent ⇒ `null`. */
export function toJobInput(raw: RawJobInput): JobInput {
  const out: Record<string, unknown> = { data: raw.data === undefined ? null : raw.data };
  put(out, "priority", raw.priority);
  put(out, "delay", raw.delay);
  put(out, "ttl", raw.ttl);
  put(out, "timeout", raw.timeout);
  put(out, "max_attempts", raw.max_attempts ?? raw.attempts);
  put(out, "backoff", raw.backoff as BackoffOption | null | undefined);
  put(out, "unique_key", raw.unique_key);
  put(out, "depends_on", raw.depends_on);
  put(out, "tags", raw.tags);
  put(out, "lifo", raw.lifo);
  put(out, "remove_on_complete", raw.remove_on_complete);
  put(out, "remove_on_fail", raw.remove_on_fail);
  put(out, "stall_timeout", raw.stall_timeout);
  put(out, "debounce_id", raw.debounce_id);
  put(out, "debounce_ttl", raw.debounce_ttl);
  put(out, "job_id", raw.job_id ?? raw.jobId);
  put(out, "keep_completed_age", raw.keep_completed_age ?? raw.keepCompletedAge);
  put(out, "keep_completed_count", raw.keep_completed_count ?? raw.keepCompletedCount);
  put(out, "group_id", raw.group_id);
  return out as unknown as JobInput;
}

const queue = { queue: str };
const byId = { id };
/** `id`, or flashQ-SDK's `job_id` alias (LOG, GETLOGS, HEARTBEAT). */
const byIdOrAlias = { id: opt(id), job_id: opt(z.union([id, str])) };

const cronShape = {
  queue: str,
  data: z.unknown().optional(),
  schedule: opt(str),
  repeat_every: opt(nonNeg),
  priority: opt(int),
  limit: opt(nonNegInt),
};

const flowChild = z.object({ queue: str, data: z.unknown().optional(), priority: opt(int), delay: opt(nonNeg) });

/** Request schema of every TCP command, by `cmd` (envelope fields `cmd`/`reqId` excluded). */
export const COMMAND_SCHEMAS = {
  PUSH: z.object({ ...queue, ...jobInputShape }),
  PUSHB: z.object({ ...queue, jobs: z.array(z.unknown()) }),
  PULL: z.object({ ...queue, timeout: opt(nonNeg) }),
  PULLB: z.object({ ...queue, count: nonNegInt, timeout: opt(nonNeg) }),
  ACK: z.object({ ...byId, result: z.unknown().optional() }),
  ACKB: z.object({ ids, results: opt(z.array(z.unknown())) }),
  FAIL: z.object({ ...byId, error: opt(str) }),
  GETJOB: z.object(byId),
  GETSTATE: z.object(byId),
  GETRESULT: z.object(byId),
  WAITJOB: z.object({ ...byId, timeout: opt(nonNeg) }),
  GETJOBBYCUSTOMID: z.object({ job_id: str }),
  GETJOBSBATCH: z.object({ ids }),
  GETJOBS: z.object({
    queue: opt(str),
    state: opt(str),
    tags: opt(z.array(str)),
    limit: opt(nonNegInt),
    offset: opt(nonNegInt),
  }),
  GETJOBCOUNTS: z.object(queue),
  COUNT: z.object(queue),
  GETPROGRESS: z.object(byId),
  GETLOGS: z.object(byIdOrAlias),
  GETCHILDREN: z.object({ parent_id: opt(id), id: opt(id) }),
  CANCEL: z.object(byId),
  PROGRESS: z.object({ ...byId, progress: nonNeg, message: opt(str) }),
  UPDATEJOB: z.object({ ...byId, data: z.unknown().optional() }),
  CHANGEPRIORITY: z.object({ ...byId, priority: int }),
  MOVETODELAYED: z.object({ ...byId, delay: nonNeg }),
  PROMOTE: z.object(byId),
  DISCARD: z.object(byId),
  HEARTBEAT: z.object(byIdOrAlias),
  LOG: z.object({ ...byIdOrAlias, message: str, level: opt(z.enum(["info", "warn", "error"])) }),
  PARTIAL: z.object({ ...byId, data: z.unknown().optional(), index: opt(nonNegInt) }),
  FLOW: z.object({ ...queue, data: z.unknown().optional(), children: z.array(flowChild), priority: opt(int) }),
  PAUSE: z.object(queue),
  RESUME: z.object(queue),
  ISPAUSED: z.object(queue),
  RATELIMIT: z.object({ ...queue, limit: nonNeg }),
  RATELIMITCLEAR: z.object(queue),
  SETCONCURRENCY: z.object({ ...queue, limit: nonNegInt }),
  CLEARCONCURRENCY: z.object(queue),
  LISTQUEUES: z.object({}),
  DRAIN: z.object(queue),
  OBLITERATE: z.object(queue),
  CLEAN: z.object({ ...queue, grace: nonNeg, state: str, limit: opt(nonNegInt) }),
  DLQ: z.object({ ...queue, count: opt(nonNegInt) }),
  RETRYDLQ: z.object({ ...queue, id: opt(id) }),
  PURGEDLQ: z.object(queue),
  CRON: z.object({ name: str, ...cronShape }),
  CRONDELETE: z.object({ name: str }),
  CRONLIST: z.object({}),
  STATS: z.object({}),
  METRICS: z.object({}),
  SUBSCRIBE: z.object({ queue: opt(str), events: opt(z.array(str)) }),
  UNSUBSCRIBE: z.object({ queue: opt(str) }),
  PING: z.object({}),
  AUTH: z.object({ token: opt(str) }),
  // Key-value commands (PROTOCOL.md §4.5; server only, no SDK methods).
  KVSET: z.object({ key: str, value: z.unknown().optional(), ttl: opt(nonNeg) }),
  KVGET: z.object({ key: str }),
  KVDEL: z.object({ key: str }),
  KVMGET: z.object({ keys: z.array(str) }),
  KVMSET: z.object({ entries: z.array(z.object({ key: str, value: z.unknown().optional(), ttl: opt(nonNeg) })) }),
  KVEXISTS: z.object({ key: str }),
  KVEXPIRE: z.object({ key: str, ttl: nonNeg }),
  KVTTL: z.object({ key: str }),
  KVKEYS: z.object({ pattern: opt(str) }),
  KVINCR: z.object({ key: str, by: opt(z.number().finite()) }),
} as const;

/** A command name the server understands. */
export type CommandName = keyof typeof COMMAND_SCHEMAS;
/** The parsed request of command `C`. */
export type CommandRequest<C extends CommandName> = z.infer<(typeof COMMAND_SCHEMAS)[C]>;

/** Cron body of HTTP `POST/PUT /crons/{name}` (name comes from the path). */
export const cronBodySchema = z.object(cronShape);
/** HTTP batch push body `{jobs}`. */
export const pushBatchBodySchema = z.object({ jobs: z.array(z.unknown()) });

/** Turn a zod failure into a `ValidationError` whose message and `field` name the culprit. */
export function zodToValidationError(error: z.ZodError, prefix = ""): ValidationError {
  const issue = error.issues[0];
  if (!issue) return new ValidationError("Invalid request");
  const path = issue.path.map(String).join(".");
  const field = prefix && path ? `${prefix}.${path}` : prefix || path;
  const label = field ? `field '${field}'` : "request";
  const msg = issue.message.replace(/^Invalid input: /, "");
  const detail = /received undefined$/.test(msg) ? "is required" : msg;
  return new ValidationError(`Invalid ${label}: ${detail}`, field || undefined);
}

/** Parse `raw` with `schema` or throw a `ValidationError` naming the field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, raw: unknown, prefix = ""): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) throw zodToValidationError(r.error, prefix);
  return r.data;
}

/** Parse one job input (PUSHB item, HTTP body) and normalise it. `prefix` names it in errors. */
export function parseJobInput(raw: unknown, prefix = ""): JobInput {
  return fastJobInput(raw) ?? toJobInput(parseOrThrow(jobInputSchema, raw, prefix));
}

/** States accepted by GETJOBS, with flashQ's spellings; an unknown string means "no filter". */
const STATE_ALIASES: Record<string, JobState> = {
  waiting: "waiting",
  delayed: "delayed",
  active: "active",
  completed: "completed",
  failed: "failed",
  "waiting-children": "waiting-children",
  waitingchildren: "waiting-children",
  waiting_children: "waiting-children",
  "waiting-parent": "waiting-parent",
  waitingparent: "waiting-parent",
  waiting_parent: "waiting-parent",
};

/** Map a GETJOBS state filter to a {@link JobState}, or undefined (no filter). */
export function toStateFilter(state: string | null | undefined): JobState | undefined {
  return state ? STATE_ALIASES[state] : undefined;
}

/** Normalise a parsed cron request. */
export function toCronOptions(raw: z.infer<typeof cronBodySchema>): CronOptions {
  const out: Record<string, unknown> = { queue: raw.queue, data: raw.data === undefined ? null : raw.data };
  put(out, "schedule", raw.schedule);
  put(out, "repeat_every", raw.repeat_every);
  put(out, "priority", raw.priority);
  put(out, "limit", raw.limit);
  return out as unknown as CronOptions;
}

/** Normalise parsed flow children. */
export function toFlowChildren(children: z.infer<typeof flowChild>[]): FlowChild[] {
  return children.map((c) => {
    const out: Record<string, unknown> = { queue: c.queue, data: c.data === undefined ? null : c.data };
    put(out, "priority", c.priority);
    put(out, "delay", c.delay);
    return out as unknown as FlowChild;
  });
}
