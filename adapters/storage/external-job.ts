/**
 * Builds the job an edge producer inserts straight into storage, with the same
 * defaults PUSH applies. Runtime-neutral (no Node API): the edge (workerd, Deno,
 * Bun) uses it through `adapters/postgres/external-jobs.ts`.
 *
 * Repeats of a custom id or unique key answer the holder's id and debounce ids are
 * applied (`planExternal`, under the edge insert lock); dependencies are the rule
 * of the server that takes the job in.
 */
import { ValidationError, type FlashQError } from "../../core/errors.ts";
import type { StoredJob } from "../../core/ports.ts";
import type { Job, JobInput } from "../../core/types.ts";
import { storedBody } from "./change-batch.ts";
import type { DebounceWindows } from "./external-debounce.ts";

/** One input's outcome: its job id (new, or the holder's for a repeat), or the engine's refusal. */
export type ExternalResult = number | FlashQError;

/** stall_timeout given to jobs that set none (the engine's default). */
const DEFAULT_STALL_TIMEOUT_MS = 30_000;

function nonNeg(v: number | undefined): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0;
}

/** The row image of one externally inserted job: state `waiting`, or `delayed` with a delay. */
export function buildExternalJob(id: number, queue: string, input: JobInput, now: number): StoredJob {
  const delay = nonNeg(input.delay);
  const b = input.backoff;
  const backoff = typeof b === "number" ? nonNeg(b) : b && typeof b === "object" ? nonNeg(b.delay) : 0;
  const backoffType = b && typeof b === "object" && b.type === "fixed" ? "fixed" : "exponential";
  const job: Job = {
    id,
    queue,
    data: input.data === undefined ? null : input.data,
    priority: typeof input.priority === "number" && Number.isFinite(input.priority) ? input.priority : 0,
    created_at: now,
    run_at: now + delay,
    started_at: 0,
    attempts: 0,
    max_attempts: nonNeg(input.max_attempts),
    backoff,
    backoff_type: backoffType,
    ttl: nonNeg(input.ttl),
    timeout: nonNeg(input.timeout),
    unique_key: input.unique_key ?? null,
    depends_on: Array.isArray(input.depends_on) ? input.depends_on.slice() : [],
    progress: 0,
    progress_msg: null,
    tags: Array.isArray(input.tags) ? input.tags.slice() : [],
    lifo: input.lifo === true,
    remove_on_complete: input.remove_on_complete === true,
    remove_on_fail: input.remove_on_fail === true,
    last_heartbeat: 0,
    stall_timeout: nonNeg(input.stall_timeout) || DEFAULT_STALL_TIMEOUT_MS,
    stall_count: 0,
    parent_id: null,
    children_ids: [],
    children_completed: 0,
    custom_id: input.job_id ?? null,
    keep_completed_age: nonNeg(input.keep_completed_age),
    keep_completed_count: nonNeg(input.keep_completed_count),
    completed_at: 0,
    group_id: input.group_id ?? null,
  };
  return { job, state: delay > 0 ? "delayed" : "waiting" };
}

/**
 * Rows for a batch without custom ids or unique keys, numbered by PostgreSQL
 * (block start + position, see INSERT_EXTERNAL_NUMBERED): `[{q,s,b}]`.
 */
export function unnumberedRows(queue: string, inputs: readonly JobInput[], now: number): string {
  const rows = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const stored = buildExternalJob(0, queue, inputs[i]!, now);
    rows[i] = { q: queue, s: stored.state, b: JSON.stringify(storedBody(stored)) };
  }
  return JSON.stringify(rows);
}

/** A live job holding a custom id (`c`) or a unique key (`u`), as FIND_EXTERNAL_DUPLICATES returns it. */
export interface KeyHolder {
  kind: string;
  key: string;
  id: number;
}

/** What an edge batch must look up under the lock (JSON arrays), or null when nothing. */
export interface BatchKeys {
  customIds: string;
  uniqueKeys: string;
  /** Distinct debounce ids, or null when no input carries one. */
  debounceIds: string | null;
}

/**
 * The custom ids, unique keys and debounce ids an edge batch carries, or null when
 * it needs no planned insert: no input has any of them (nor an empty group id, which
 * the engine refuses too).
 */
export function batchKeys(inputs: readonly JobInput[]): BatchKeys | null {
  const c: string[] = [];
  const u: string[] = [];
  let d: Set<string> | null = null;
  let plan = false;
  for (const input of inputs) {
    if (input.job_id !== undefined || input.unique_key !== undefined || input.debounce_id !== undefined || input.group_id === "") plan = true;
    if (input.job_id) c.push(input.job_id);
    if (input.unique_key) u.push(input.unique_key);
    if (input.debounce_id) (d ??= new Set()).add(input.debounce_id);
  }
  if (!plan) return null;
  return { customIds: JSON.stringify(c), uniqueKeys: JSON.stringify(u), debounceIds: d === null ? null : JSON.stringify([...d]) };
}

/** The engine's refusal of an empty string option. */
function emptyOption(field: string): ValidationError {
  return new ValidationError(`${field} must be a non-empty string`, field);
}

/**
 * Decide each input's outcome, in order, as the engine's push does: an existing
 * live job holding its custom id (first) or unique key answers for it, as does an
 * earlier input of the same batch; else, with `debounce`, a debounce id within its
 * window refuses it (DEBOUNCED, nothing recorded for it); the others get `firstId`,
 * `firstId + 1`, … Returns the results (input order) and the JSON rows
 * (`json_to_recordset` shape of INSERT_EXTERNAL) to insert, or null when none.
 */
export function planExternal(
  firstId: number,
  queue: string,
  inputs: readonly JobInput[],
  holders: readonly KeyHolder[],
  now: number,
  debounce?: DebounceWindows,
): { results: ExternalResult[]; rows: string | null } {
  const byCustom = new Map<string, number>();
  const byUnique = new Map<string, number>();
  for (const h of holders) (h.kind === "c" ? byCustom : byUnique).set(h.key, Number(h.id));
  const ids: ExternalResult[] = [];
  const rows: unknown[] = [];
  let next = firstId;
  for (const input of inputs) {
    // The engine's order: custom id, its repeat, other options, unique-key repeat, debounce.
    if (input.job_id === "") {
      ids.push(emptyOption("job_id"));
      continue;
    }
    const held = input.job_id ? byCustom.get(input.job_id) : undefined;
    if (held !== undefined) {
      ids.push(held);
      continue;
    }
    const empty = input.unique_key === "" ? "unique_key" : input.group_id === "" ? "group_id" : null;
    if (empty !== null) {
      ids.push(emptyOption(empty));
      continue;
    }
    const dup = input.unique_key ? byUnique.get(input.unique_key) : undefined;
    if (dup !== undefined) {
      ids.push(dup);
      continue;
    }
    if (input.debounce_id === "") {
      ids.push(emptyOption("debounce_id"));
      continue;
    }
    const refused = debounce?.check(input);
    if (refused) {
      ids.push(refused);
      continue;
    }
    const stored = buildExternalJob(next++, queue, input, now);
    const id = stored.job.id;
    if (input.job_id) byCustom.set(input.job_id, id);
    if (input.unique_key) byUnique.set(input.unique_key, id);
    const row: Record<string, unknown> = { i: id, q: queue, s: stored.state, b: JSON.stringify(storedBody(stored)) };
    if (input.job_id) row.k = input.job_id;
    if (input.unique_key) row.u = input.unique_key;
    rows.push(row);
    ids.push(id);
  }
  return { results: ids, rows: rows.length > 0 ? JSON.stringify(rows) : null };
}
