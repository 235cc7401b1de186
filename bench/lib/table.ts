/**
 * The result table: one row per figure, ours beside BullMQ's with the ratio and the target.
 * Printed as a Markdown table (so it can be pasted into the README as is).
 */
import { fmtNum, fmtRatio } from "./stats.ts";

/** A goal for a row: a minimum/maximum ratio against BullMQ, or an absolute maximum. */
export type Goal = { kind: "ratio-min"; value: number } | { kind: "ratio-max"; value: number } | { kind: "abs-max"; value: number; unit: string };

/** One printed figure. */
export interface Row {
  workload: string;
  metric: string;
  ours?: number;
  bull?: number;
  decimals?: number;
  goal?: Goal;
  /** the issue's reference BullMQ figure on this machine, when it gives one */
  ref?: number;
  /** error text when the figure could not be measured */
  error?: string;
  note?: string;
}

/** ours / BullMQ, when both exist. */
export function ratioOf(r: Row): number | undefined {
  return r.ours !== undefined && r.bull !== undefined && r.bull > 0 ? r.ours / r.bull : undefined;
}

function goalText(g: Goal | undefined): string {
  if (!g) return "";
  if (g.kind === "ratio-min") return `≥ ${g.value}×`;
  if (g.kind === "ratio-max") return `≤ ${g.value}×`;
  return `≤ ${g.value} ${g.unit}`;
}

/** Whether the row meets its goal (undefined when it has none or lacks data). */
export function meets(r: Row): boolean | undefined {
  const g = r.goal;
  if (!g || r.ours === undefined) return undefined;
  if (g.kind === "abs-max") return r.ours <= g.value;
  const ratio = ratioOf(r);
  if (ratio === undefined) return undefined;
  return g.kind === "ratio-min" ? ratio >= g.value : ratio <= g.value;
}

/** Render rows as a Markdown table. */
export function renderTable(rows: Row[], oursLabel = "flashQ-ts", bullLabel = "BullMQ"): string {
  const head = ["Workload", "Metric", oursLabel, bullLabel, "Ratio", "Target", "Met", "vs issue's BullMQ ref"];
  const body = rows.map((r) => {
    const m = meets(r);
    return [
      r.workload,
      r.metric,
      r.error ? `error: ${r.error.length > 48 ? `${r.error.slice(0, 47)}…` : r.error}` : fmtNum(r.ours, r.decimals ?? 0),
      fmtNum(r.bull, r.decimals ?? 0),
      fmtRatio(ratioOf(r)),
      goalText(r.goal),
      m === undefined ? "" : m ? "yes" : "NO",
      r.ref !== undefined && r.ours !== undefined ? `${fmtRatio(r.ours / r.ref)} of ${fmtNum(r.ref)}` : "",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  const out = [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.workload} / ${r.metric}: ${r.note}`);
  return out.join("\n") + (notes.length ? `\n\n${notes.join("\n")}` : "");
}
