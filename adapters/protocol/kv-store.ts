/**
 * flashQ's server-side key-value commands (PROTOCOL.md §4.5): an in-memory map with
 * optional per-key TTL, shared by every connection of one server. Not persisted
 * (flashQ's KV is in-memory too). Expired keys vanish on access and in sweeps.
 */
import { ValidationError } from "../../core/errors.ts";

interface Entry {
  value: unknown;
  /** Expiry time (ms since epoch), or 0 = never. */
  exp: number;
}

/** Sweep expired keys after this many writes. */
const SWEEP_EVERY = 1024;

/** Glob (`*`, `?`) to an anchored RegExp. */
function globToRegExp(pattern: string): RegExp {
  let re = "^";
  for (const ch of pattern) {
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(re + "$", "s");
}

/** The KV store of one server. */
export class KvStore {
  private readonly map = new Map<string, Entry>();
  private readonly now: () => number;
  private writes = 0;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  private live(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (e !== undefined && e.exp !== 0 && e.exp <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    return e;
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, e] of this.map) if (e.exp !== 0 && e.exp <= t) this.map.delete(k);
  }

  /** Set a key (ttl ms, absent/0 = no expiry). */
  set(key: string, value: unknown, ttl?: number | null): void {
    if (key === "") throw new ValidationError("Key cannot be empty", "key");
    this.map.set(key, { value: value === undefined ? null : value, exp: ttl ? this.now() + ttl : 0 });
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  get(key: string): unknown {
    return this.live(key)?.value ?? null;
  }

  /** Delete; returns whether the key existed. */
  del(key: string): boolean {
    const existed = this.live(key) !== undefined;
    this.map.delete(key);
    return existed;
  }

  exists(key: string): boolean {
    return this.live(key) !== undefined;
  }

  /** Set a TTL on an existing key; returns whether it existed. */
  expire(key: string, ttl: number): boolean {
    const e = this.live(key);
    if (!e) return false;
    e.exp = this.now() + ttl;
    return true;
  }

  /** Remaining TTL in ms; -1 no TTL, -2 missing. */
  ttl(key: string): number {
    const e = this.live(key);
    if (!e) return -2;
    return e.exp === 0 ? -1 : Math.max(0, e.exp - this.now());
  }

  /** Keys matching a glob (all when absent). */
  keys(pattern?: string | null): string[] {
    this.sweep();
    const all = [...this.map.keys()];
    if (!pattern || pattern === "*") return all;
    const re = globToRegExp(pattern);
    return all.filter((k) => re.test(k));
  }

  /** Add `by` to a numeric value (missing = 0); returns the new value. */
  incr(key: string, by: number): number {
    if (key === "") throw new ValidationError("Key cannot be empty", "key");
    const e = this.live(key);
    const cur = e === undefined ? 0 : e.value;
    if (typeof cur !== "number") throw new ValidationError("Value is not a number", "key");
    const next = cur + by;
    if (e) e.value = next;
    else this.map.set(key, { value: next, exp: 0 });
    return next;
  }
}
