/**
 * The other helpers' benches (engine, durable storage, edge producer), imported dynamically:
 * each is run when its module and export exist, else skipped with a note.
 * Their result objects are stored as they come and printed generically.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withTimeout } from "./timebox.ts";
import { log } from "./progress.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What each extra bench is: file and export name. */
export const EXTRAS = [
  { name: "engine", file: "bench/engine.ts", exports: ["runEngineBench"] },
  { name: "durable", file: "bench/durable.ts", exports: ["runDurableBench"] },
  { name: "edge", file: "bench/edge.ts", exports: ["runEdgeBench", "runEdgeProducerBench", "default"] },
] as const;

/** Outcome of one extra bench. */
export interface ExtraOutcome {
  name: string;
  status: "ok" | "skipped" | "error";
  note?: string;
  result?: unknown;
}

/** Run every extra bench that exists, each bounded by `budgetMs`. */
export async function runExtras(opts: { quick: boolean; budgetMs: number }): Promise<ExtraOutcome[]> {
  const out: ExtraOutcome[] = [];
  for (const x of EXTRAS) {
    const abs = ROOT + x.file;
    if (!existsSync(abs)) {
      out.push({ name: x.name, status: "skipped", note: `${x.file} not present` });
      continue;
    }
    try {
      const mod = (await import(abs)) as Record<string, unknown>;
      const fnName = x.exports.find((e) => typeof mod[e] === "function");
      if (!fnName) {
        out.push({ name: x.name, status: "skipped", note: `${x.file} exports none of ${x.exports.join(", ")}` });
        continue;
      }
      log(`extra bench ${x.name}: ${x.file} ${fnName}()`);
      const fn = mod[fnName] as (o: object) => Promise<unknown>;
      const result = await withTimeout(`${x.name} bench`, opts.budgetMs, () => Promise.resolve(fn({ quick: opts.quick })));
      out.push({ name: x.name, status: "ok", result });
    } catch (err) {
      out.push({ name: x.name, status: "error", note: (err as Error).message });
    }
  }
  return out;
}

/** Render extras as text: flat key = value lines per bench. */
export function renderExtras(extras: ExtraOutcome[]): string {
  const lines: string[] = [];
  for (const x of extras) {
    if (x.status !== "ok") {
      lines.push(`- ${x.name}: ${x.status}${x.note ? ` (${x.note})` : ""}`);
      continue;
    }
    lines.push(`- ${x.name}:`);
    for (const [k, v] of flatten(x.result, "")) lines.push(`    ${k} = ${typeof v === "number" ? v.toLocaleString("en-US") : String(v)}`);
  }
  return lines.join("\n");
}

function flatten(v: unknown, prefix: string, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (v !== null && typeof v === "object" && out.length < 200) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.push([prefix || "value", v]);
  return out;
}
