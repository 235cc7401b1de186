/**
 * The hot path of job-input validation (PUSH/PUSHB): checks a raw message against
 * the same rules as `jobInputSchema` in `schemas.ts` without zod's copy, and
 * normalises nulls/aliases only when present. Anything unusual returns `undefined`
 * so the caller runs the zod schema, which names the problem.
 */
import { toJobInput, type RawJobInput } from "./schemas.ts";
import type { JobInput } from "./types.ts";

/** Field kinds of the fast path: 1 int, 2 number ≥ 0, 3 int ≥ 0, 4 string, 5 boolean, 6 id list, 7 string list, 8 backoff. */
const FAST_KIND: Record<string, number> = {
  priority: 1, delay: 2, ttl: 2, timeout: 2, stall_timeout: 2, debounce_ttl: 2, keep_completed_age: 2,
  max_attempts: 3, keep_completed_count: 3, unique_key: 4, debounce_id: 4, job_id: 4, group_id: 4,
  lifo: 5, remove_on_complete: 5, remove_on_fail: 5, depends_on: 6, tags: 7, backoff: 8,
};
const FAST_ALIAS: Record<string, string> = {
  jobId: "job_id", keepCompletedAge: "keep_completed_age", keepCompletedCount: "keep_completed_count", attempts: "max_attempts",
};

function fastOk(kind: number, v: unknown): boolean {
  switch (kind) {
    case 1: return Number.isInteger(v);
    case 2: return typeof v === "number" && v >= 0 && v !== Infinity;
    case 3: return Number.isInteger(v) && (v as number) >= 0;
    case 4: return typeof v === "string";
    case 5: return typeof v === "boolean";
    case 6: return Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0);
    case 7: return Array.isArray(v) && v.every((x) => typeof x === "string");
    default: return typeof v === "number" && v >= 0 && v !== Infinity;
  }
}

/**
 * Allocation-light twin of `toJobInput(jobInputSchema.parse(raw))` for well-formed
 * input (the hot path of PUSH/PUSHB): returns `raw` itself when it already uses wire
 * names with no nulls, a normalised copy when it has aliases/nulls, or `undefined`
 * when anything is off — the caller then runs the zod schema for a precise error.
 */
export function fastJobInput(raw: unknown): JobInput | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  let canonical = r.data !== undefined;
  for (const k in r) {
    if (k === "data") continue;
    const v = r[k];
    const kind = FAST_KIND[k] ?? (FAST_ALIAS[k] !== undefined ? FAST_KIND[FAST_ALIAS[k]!] : undefined);
    if (kind === undefined) continue; // unknown fields are ignored (and left in place)
    if (v === null || v === undefined) {
      canonical = false;
      continue;
    }
    if (!fastOk(kind, v)) return undefined;
    if (FAST_ALIAS[k] !== undefined) canonical = false;
  }
  if (canonical) return r as unknown as JobInput;
  return toJobInput(r as RawJobInput);
}
