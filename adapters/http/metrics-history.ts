/**
 * `GET /metrics/history`: a sample of the engine's figures every 5 s, the last 60
 * kept (flashQ's shape: `{timestamp, queued, processing, completed, failed,
 * throughput, latency_ms}`). The runtime entries start it; tests need not.
 */
import type { EngineApi } from "../../core/engine-api.ts";

/** One history point. */
export interface HistoryPoint {
  timestamp: number;
  queued: number;
  processing: number;
  completed: number;
  failed: number;
  throughput: number;
  latency_ms: number;
}

/** Sampling period and number of points kept (flashQ's). */
export const HISTORY_PERIOD_MS = 5_000;
export const HISTORY_POINTS = 60;

/** Samples an engine periodically. */
export class MetricsHistory {
  private readonly engine: EngineApi;
  private readonly points: HistoryPoint[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(engine: EngineApi) {
    this.engine = engine;
  }

  /** Take one sample now. */
  sample(): void {
    const s = this.engine.stats();
    const m = this.engine.metrics();
    this.points.push({
      timestamp: Date.now(),
      queued: s.queued,
      processing: s.processing,
      completed: m.total_completed,
      failed: m.total_failed,
      throughput: m.jobs_per_second,
      latency_ms: m.avg_latency_ms,
    });
    if (this.points.length > HISTORY_POINTS) this.points.shift();
  }

  /** Start sampling every {@link HISTORY_PERIOD_MS} (unref'd timer). */
  start(): void {
    if (this.timer !== undefined) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), HISTORY_PERIOD_MS);
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The points, oldest first. */
  list(): HistoryPoint[] {
    return this.points.slice();
  }
}
