/**
 * Throughput and latency figures for METRICS: completions per second over a
 * sliding window of whole seconds, and the average processing time.
 */

/** Length of the throughput window, seconds. */
export const RATE_WINDOW_SECONDS = 10;

/** Rolling counters; `complete()` is O(1) and allocation-free. */
export class MetricsWindow {
  totalPushed = 0;
  totalCompleted = 0;
  totalFailed = 0;
  private latencySum = 0;
  private readonly buckets = new Float64Array(RATE_WINDOW_SECONDS);
  private currentSec = -1;

  /** Count one completion at `now` that took `latencyMs` of processing. */
  complete(now: number, latencyMs: number): void {
    this.totalCompleted++;
    this.latencySum += latencyMs;
    const sec = Math.floor(now / 1000);
    if (sec !== this.currentSec) this.rotate(sec);
    this.buckets[sec % RATE_WINDOW_SECONDS]++;
  }

  /** Completions per second over the last RATE_WINDOW_SECONDS whole seconds before `now`. */
  jobsPerSecond(now: number): number {
    const sec = Math.floor(now / 1000);
    if (sec !== this.currentSec) this.rotate(sec);
    let sum = 0;
    for (let i = 0; i < RATE_WINDOW_SECONDS; i++) if (i !== sec % RATE_WINDOW_SECONDS) sum += this.buckets[i];
    return sum / (RATE_WINDOW_SECONDS - 1);
  }

  /** Average processing time (started → completed) of all completions, ms. */
  avgLatencyMs(): number {
    return this.totalCompleted === 0 ? 0 : this.latencySum / this.totalCompleted;
  }

  private rotate(sec: number): void {
    if (this.currentSec < 0 || sec - this.currentSec >= RATE_WINDOW_SECONDS || sec < this.currentSec) {
      this.buckets.fill(0);
    } else {
      for (let s = this.currentSec + 1; s <= sec; s++) this.buckets[s % RATE_WINDOW_SECONDS] = 0;
    }
    this.currentSec = sec;
  }
}
