/**
 * Command-line options of `npm run bench -- [options]`.
 *   --only=echo,batch,single,processing,e2e,memory,payload,pg,extras   subset to run (default: all)
 *   --quick        smaller sizes (a smoke run in well under a minute per side)
 *   --no-bullmq    skip the BullMQ side
 *   --no-pg        skip the PostgreSQL-durability rows
 *   --runtime=bun  run our server under Bun instead of Node (memory probe: Node only)
 *   --profile      write a V8 CPU profile of the server child per workload and summarise it
 *   --client-helpers=normal   leave the bench process's helper threads (JIT, GC) in the normal
 *                  scheduling class; by default they go to SCHED_IDLE like the server's (HELPER_THREADS)
 */

/** Parsed options. */
export interface BenchArgs {
  only: Set<string> | null;
  quick: boolean;
  bullmq: boolean;
  pg: boolean;
  runtime: "node" | "bun";
  profile: boolean;
  /** scheduling class for the bench process's (the clients') helper threads */
  clientHelpers: "idle" | "normal";
  help: boolean;
}

/** Every name `--only` accepts. */
export const SECTIONS = ["echo", "batch", "single", "processing", "e2e", "memory", "payload", "pg", "extras"];

/** Parse argv (without node and script). Throws on an unknown option. */
export function parseArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = { only: null, quick: false, bullmq: true, pg: true, runtime: "node", profile: false, clientHelpers: "idle", help: false };
  for (const arg of argv) {
    const [k, v] = arg.split("=", 2);
    if (k === "--only") {
      const names = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      for (const n of names) if (!SECTIONS.includes(n)) throw new Error(`--only: unknown section "${n}" (known: ${SECTIONS.join(", ")})`);
      a.only = new Set(names);
    } else if (k === "--quick") a.quick = true;
    else if (k === "--no-bullmq") a.bullmq = false;
    else if (k === "--no-pg") a.pg = false;
    else if (k === "--profile") a.profile = true;
    else if (k === "--runtime") {
      if (v !== "node" && v !== "bun") throw new Error("--runtime must be node or bun");
      a.runtime = v;
    } else if (k === "--client-helpers") {
      if (v !== "idle" && v !== "normal") throw new Error("--client-helpers must be idle or normal");
      a.clientHelpers = v;
    } else if (k === "--help" || k === "-h") a.help = true;
    else throw new Error(`unknown option ${arg} (try --help)`);
  }
  return a;
}

/** True when section `name` should run. */
export function wants(a: BenchArgs, name: string): boolean {
  return a.only === null || a.only.has(name);
}

/** Usage text. */
export const USAGE = `usage: npm run bench -- [--only=${SECTIONS.join(",")}] [--quick] [--no-bullmq] [--no-pg] [--runtime=node|bun] [--profile] [--client-helpers=idle|normal]`;
