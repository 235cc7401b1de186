/**
 * Child processes for the benchmark: TypeScript scripts forked under `node --import tsx`
 * with an IPC channel, and orderly stop (IPC "exit" → SIGTERM → SIGKILL).
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";

/** Options for {@link forkTs}. */
export interface ForkOptions {
  env?: Record<string, string>;
  /** extra node flags, placed before `--import tsx` */
  nodeArgs?: string[];
  /** extra `--import` preload modules (absolute paths or file URLs) */
  preload?: string[];
  /** pipe child stdout/stderr to ours (default: only stderr) */
  echoStdout?: boolean;
  /** runtime: node (default) or bun */
  runtime?: "node" | "bun";
}

/** Fork `script` (a .ts file) in a new process with IPC. */
export function forkTs(script: string, opts: ForkOptions = {}): ChildProcess {
  const preload = (opts.preload ?? []).flatMap((p) => ["--import", p]);
  const isBun = opts.runtime === "bun";
  const child = fork(script, [], {
    execPath: isBun ? "node_modules/.bin/bun" : process.execPath,
    execArgv: isBun ? [...preload.flatMap((a) => (a === "--import" ? ["--preload"] : [a]))] : [...(opts.nodeArgs ?? []), "--import", "tsx", ...preload],
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout?.on("data", (c: Buffer) => {
    if (opts.echoStdout) process.stderr.write(c);
  });
  child.stderr?.on("data", (c: Buffer) => process.stderr.write(`  [child ${child.pid}] ${c.toString().trimEnd().replace(/\n/g, "\n  ")}\n`));
  child.on("error", () => {});
  return child;
}

/** True while the child has not exited. */
export function isAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Wait for the first IPC message matching `pred`, or throw after `ms`. */
export function waitMessage<T>(child: ChildProcess, ms: number, pred: (m: any) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no message from child after ${ms} ms`)), ms);
    const onMsg = (m: any): void => {
      if (pred(m)) finish(undefined, m);
    };
    const onExit = (code: number | null): void => finish(new Error(`child exited (code ${code}) before answering`));
    function finish(err?: Error, m?: any): void {
      clearTimeout(timer);
      child.off("message", onMsg);
      child.off("exit", onExit);
      if (err) reject(err);
      else resolve(m as T);
    }
    child.on("message", onMsg);
    child.once("exit", onExit);
  });
}

/** Stop a child: ask over IPC, then SIGTERM, then SIGKILL; resolves when it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (!isAlive(child)) return;
  const exited = once(child, "exit");
  try {
    if (child.connected) child.send({ type: "bench-exit" });
  } catch {
    /* channel already gone */
  }
  const t1 = setTimeout(() => child.kill("SIGTERM"), graceMs);
  const t2 = setTimeout(() => child.kill("SIGKILL"), graceMs * 2);
  try {
    await exited;
  } finally {
    clearTimeout(t1);
    clearTimeout(t2);
  }
}
