/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): top functions by self time,
 * with their share of the sampled time. Used by `--profile` and for /work/notes-perf.md.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** One line of the summary. */
export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  pct: number;
}

/** Top `limit` functions by self time in one profile file (idle/program/GC kept, labelled). */
export function summariseProfile(file: string, limit = 15): { totalMs: number; top: HotFunction[]; byFile: HotFunction[] } {
  const prof = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  for (const n of prof.nodes) byId.set(n.id, n);
  const self = new Map<number, number>();
  const samples = prof.samples ?? [];
  const deltas = prof.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i] ?? 0));
  const agg = new Map<string, HotFunction>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    total += us;
    const cf = n.callFrame;
    const where = cf.url ? `${cf.url.replace(/^file:\/\/.*?\/(node_modules|adapters|core|client|bench)\//, "$1/")}:${cf.lineNumber + 1}` : "";
    const name = cf.functionName || "(anonymous)";
    const key = `${name}@${where}`;
    const cur = agg.get(key) ?? { name, where, selfMs: 0, pct: 0 };
    cur.selfMs += us / 1000;
    agg.set(key, cur);
  }
  const files = new Map<string, HotFunction>();
  for (const f of agg.values()) {
    const where = f.where.replace(/:\d+$/, "") || f.name;
    const cur = files.get(where) ?? { name: where, where: "", selfMs: 0, pct: 0 };
    cur.selfMs += f.selfMs;
    files.set(where, cur);
  }
  const finish = (list: HotFunction[]): HotFunction[] => {
    const out = list.sort((a, b) => b.selfMs - a.selfMs).slice(0, limit);
    for (const t of out) {
      t.pct = total > 0 ? Math.round((t.selfMs * 1000 * 1000) / total) / 10 : 0;
      t.selfMs = Math.round(t.selfMs * 10) / 10;
    }
    return out;
  };
  return { totalMs: Math.round(total / 1000), top: finish([...agg.values()]), byFile: finish([...files.values()]).slice(0, 8) };
}

/**
 * The `.cpuprofile` files in `dir` (empty when none). With `node --cpu-prof`, Node writes one
 * file per thread (`CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`; thread 0 is the main
 * thread, others e.g. the tsx loader worker): those of other threads are left out.
 */
export function profilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".cpuprofile") && !/^CPU\..*\.[1-9]\d*\.\d+\.cpuprofile$/.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Render a summary as text lines. */
export function renderProfile(title: string, s: { totalMs: number; top: HotFunction[]; byFile?: HotFunction[] }): string {
  const line = (t: HotFunction): string => `  ${t.pct.toFixed(1).padStart(5)}%  ${t.selfMs.toFixed(1).padStart(8)} ms  ${t.name}  ${t.where}`;
  const files = s.byFile ? `\n by file:\n${s.byFile.map(line).join("\n")}` : "";
  return `${title} (sampled ${s.totalMs} ms)\n${s.top.map(line).join("\n")}${files}`;
}
