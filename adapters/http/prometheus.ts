/** Prometheus text exposition of the engine's stats (GET /metrics/prometheus). */
import type { EngineApi } from "../../core/engine-api.ts";

/** Escape a label value. */
function label(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Render the metrics page. */
export function prometheusText(engine: EngineApi): string {
  const m = engine.metrics();
  const s = engine.stats();
  const lines: string[] = [
    "# HELP flashq_jobs_pushed_total Jobs pushed since start.",
    "# TYPE flashq_jobs_pushed_total counter",
    `flashq_jobs_pushed_total ${m.total_pushed}`,
    "# HELP flashq_jobs_completed_total Jobs completed since start.",
    "# TYPE flashq_jobs_completed_total counter",
    `flashq_jobs_completed_total ${m.total_completed}`,
    "# HELP flashq_jobs_failed_total Jobs moved to the DLQ since start.",
    "# TYPE flashq_jobs_failed_total counter",
    `flashq_jobs_failed_total ${m.total_failed}`,
    "# HELP flashq_jobs_per_second Recent throughput.",
    "# TYPE flashq_jobs_per_second gauge",
    `flashq_jobs_per_second ${m.jobs_per_second}`,
    "# HELP flashq_avg_latency_ms Average processing latency.",
    "# TYPE flashq_avg_latency_ms gauge",
    `flashq_avg_latency_ms ${m.avg_latency_ms}`,
    "# HELP flashq_jobs_current Jobs by state, all queues.",
    "# TYPE flashq_jobs_current gauge",
    `flashq_jobs_current{state="queued"} ${s.queued}`,
    `flashq_jobs_current{state="processing"} ${s.processing}`,
    `flashq_jobs_current{state="delayed"} ${s.delayed}`,
    `flashq_jobs_current{state="dlq"} ${s.dlq}`,
    `flashq_jobs_current{state="completed"} ${s.completed}`,
    "# HELP flashq_queue_jobs Jobs by queue and state.",
    "# TYPE flashq_queue_jobs gauge",
  ];
  for (const q of engine.listQueues()) {
    const n = label(q.name);
    lines.push(
      `flashq_queue_jobs{queue="${n}",state="waiting"} ${q.pending}`,
      `flashq_queue_jobs{queue="${n}",state="active"} ${q.processing}`,
      `flashq_queue_jobs{queue="${n}",state="delayed"} ${q.delayed}`,
      `flashq_queue_jobs{queue="${n}",state="completed"} ${q.completed}`,
      `flashq_queue_jobs{queue="${n}",state="failed"} ${q.dlq}`,
    );
  }
  return lines.join("\n") + "\n";
}
