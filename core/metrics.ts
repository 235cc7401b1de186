/** STATS and METRICS figures. */
import type { Metrics, QueueStats } from "./types.ts";
import type { Shard } from "./shard.ts";
import { S_ACTIVE, S_COMPLETED, S_DELAYED, S_FAILED, S_WAITING } from "./job-entry.ts";

/** STATS: global counts (queued = ready to pull). */
export function buildStats(s: Shard): QueueStats {
  let queued = 0;
  let processing = 0;
  let delayed = 0;
  let dlq = 0;
  let completed = 0;
  for (const q of s.queues.values()) {
    queued += q.counts[S_WAITING];
    processing += q.counts[S_ACTIVE];
    delayed += q.counts[S_DELAYED];
    dlq += q.counts[S_FAILED];
    completed += q.counts[S_COMPLETED];
  }
  return { queued, processing, delayed, dlq, completed };
}

/** METRICS: totals, throughput (completions/s over a 10 s window), average processing latency, per queue. */
export function buildMetrics(s: Shard): Metrics {
  const m = s.metrics;
  const now = s.clock.now();
  const queues = [];
  for (const q of s.queues.values()) {
    if (q.isEmpty && !q.hasSettings && q.totalPushed === 0) continue;
    queues.push({
      name: q.name,
      pending: q.counts[S_WAITING],
      processing: q.counts[S_ACTIVE],
      dlq: q.counts[S_FAILED],
      rate_limit: q.rateLimit,
    });
  }
  return {
    total_pushed: m.totalPushed,
    total_completed: m.totalCompleted,
    total_failed: m.totalFailed,
    jobs_per_second: m.jobsPerSecond(now),
    avg_latency_ms: m.avgLatencyMs(),
    queues,
  };
}
