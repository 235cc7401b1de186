/**
 * Writes the run's results as JSON to `bench/results/<timestamp>.json` (gitignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, platform, release } from "node:os";
import { fileURLToPath } from "node:url";

/** Directory for result files. */
export const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

/** A filesystem-safe timestamp like 2026-11-24T16-05-03Z. */
export function stamp(d = new Date()): string {
  return d.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

/** Facts about the machine the figures come from. */
export function machineInfo(): Record<string, unknown> {
  const c = cpus();
  return { cpus: c.length, cpuModel: c[0]?.model, memBytes: totalmem(), platform: platform(), release: release(), node: process.version, loadavg: loadavg() };
}

/** Write `data` to RESULTS_DIR/<name>.json and return the path. */
export function writeResults(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}${name}.json`;
  writeFileSync(path, JSON.stringify(data, null, 2) + "\n");
  return path;
}

/** Write a Markdown copy of the printed table next to the JSON (same name, `.md`). */
export function writeMarkdown(name: string, text: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}${name}.md`;
  writeFileSync(path, text.endsWith("\n") ? text : `${text}\n`);
  return path;
}
