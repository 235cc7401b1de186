/**
 * Progress lines on stderr (stdout is kept for the result table).
 * `tick` is throttled so hot loops can call it freely.
 */

const started = performance.now();

/** Print one progress line to stderr, prefixed with elapsed seconds. */
export function log(msg: string): void {
  const t = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${t}s] ${msg}\n`);
}

/** A throttled progress reporter for a loop of `total` items. */
export class Progress {
  #label: string;
  #total: number;
  #start = performance.now();
  #last = performance.now();
  #everyMs: number;

  /** @param label shown on each line; @param total items expected; @param everyMs min interval between lines */
  constructor(label: string, total: number, everyMs = 1000) {
    this.#label = label;
    this.#total = total;
    this.#everyMs = everyMs;
  }

  /** Report `done` items so far (prints at most once per interval). */
  tick(done: number): void {
    const now = performance.now();
    if (now - this.#last < this.#everyMs) return;
    this.#last = now;
    const rate = Math.round((done * 1000) / (now - this.#start));
    const pct = this.#total > 0 ? Math.floor((done * 100) / this.#total) : 0;
    log(`${this.#label}: ${done.toLocaleString("en-US")}/${this.#total.toLocaleString("en-US")} (${pct}%, ${rate.toLocaleString("en-US")}/s)`);
  }
}
