/**
 * The processing workloads' clock, the same on both sides: counts a Worker's
 * `completed` events and measures from the first to the last completion.
 */
import { Progress, log } from "./progress.ts";
import { ratePerSec } from "./stats.ts";
import type { ProcessingRun } from "./types.ts";

/** Counts completions of `n` jobs; `done` resolves with the run once all completed. */
export class Completions {
  readonly done: Promise<ProcessingRun>;
  #resolve!: (run: ProcessingRun) => void;
  #count = 0;
  #first = 0;
  #last = 0;
  readonly #start = performance.now();
  readonly #progress: Progress;
  readonly label: string;
  readonly n: number;
  readonly concurrency: number;

  /** `label` names the run in progress output and the final log line. */
  constructor(label: string, n: number, concurrency: number) {
    this.label = label;
    this.n = n;
    this.concurrency = concurrency;
    this.#progress = new Progress(`${label} c=${concurrency}`, n);
    this.done = new Promise((r) => (this.#resolve = r));
  }

  /** Call on every `completed` event. */
  readonly completed = (): void => {
    const now = performance.now();
    if (this.#count === 0) this.#first = now;
    this.#last = now;
    this.#progress.tick(++this.#count);
    if (this.#count !== this.n) return;
    const ms = this.#last - this.#first;
    const run = { concurrency: this.concurrency, jobs: this.n, ms, jobsPerSec: ratePerSec(this.n - 1, ms), totalMs: this.#last - this.#start };
    log(`${this.label} c=${this.concurrency}: ${run.jobsPerSec.toLocaleString("en-US")} jobs/s`);
    this.#resolve(run);
  };
}
