/**
 * The engine's debounce rule (core/push.ts) for jobs edge producers write straight
 * into PostgreSQL: a push whose `debounce_id` was pushed to the same queue within
 * its window is refused with `DEBOUNCED` (the server's error and message);
 * otherwise the window becomes `now + (debounce_ttl ?? 5000)`. The windows live in
 * `flashq_debounce` (migration 2), read and written under the edge insert lock, so
 * every producer shares them. Runtime-neutral (no Node API): used by
 * `adapters/postgres/external-jobs.ts` and `external-insert.ts`.
 */
import { DuplicateJobError } from "../../core/errors.ts";
import type { JobInput } from "../../core/types.ts";

/** Window given to a debounce_id without debounce_ttl (the engine's defaultDebounceTtlMs). */
export const DEFAULT_DEBOUNCE_TTL_MS = 5000;

/** Expired windows one edge insert deletes at most (each insert adds at most as many as it has inputs). */
export const DEBOUNCE_PRUNE_LIMIT = 1000;

/** A window as read from `flashq_debounce`: debounce id and until (epoch ms). */
export interface DebounceRow {
  d: string;
  t: number | string;
}

/** The engine's refusal of a debounced push, word for word. */
export function debouncedError(debounceId: string): DuplicateJobError {
  return new DuplicateJobError(`Debounced: job with id '${debounceId}' was pushed recently`, undefined, "DEBOUNCED");
}

/** The debounce windows of one queue during one edge insert: read, applied in input order, written back. */
export class DebounceWindows {
  private readonly until = new Map<string, number>();
  private readonly changed = new Set<string>();
  private readonly now: number;

  /** @param rows the stored windows of the batch's debounce ids; @param now the push time (epoch ms). */
  constructor(rows: readonly DebounceRow[], now: number) {
    this.now = now;
    for (const r of rows) this.until.set(r.d, Number(r.t));
  }

  /**
   * Apply the rule to an input that is about to become a new job (not a repeat of a
   * job_id / unique_key): the refusal, or null after recording its window.
   */
  check(input: JobInput): DuplicateJobError | null {
    const id = input.debounce_id;
    if (typeof id !== "string" || id === "") return null;
    const until = this.until.get(id);
    if (until !== undefined && until > this.now) return debouncedError(id);
    const ttl = typeof input.debounce_ttl === "number" ? input.debounce_ttl : DEFAULT_DEBOUNCE_TTL_MS;
    // Whole ms (bigint column): rounding up keeps `until > now` true exactly as long as the engine's.
    this.until.set(id, Math.min(Math.ceil(this.now + ttl), Number.MAX_SAFE_INTEGER));
    this.changed.add(id);
    return null;
  }

  /** The windows to write, `[{d, t}]` as JSON (json_to_recordset), or null when none changed. */
  writes(): string | null {
    if (this.changed.size === 0) return null;
    return JSON.stringify([...this.changed].map((d) => ({ d, t: this.until.get(d)! })));
  }
}
