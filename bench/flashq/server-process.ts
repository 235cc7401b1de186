/**
 * Runs our server as a separate child process (`node --import tsx adapters/node.ts`, or
 * `bun adapters/bun.ts`) on free loopback ports, so the client and the server do not share
 * an event loop — as BullMQ's Redis is a separate process. Memory is read from the child
 * over IPC through the {@link ./mem-probe.ts} preload (Node only).
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { forkTs, isAlive, stopChild, waitMessage } from "../lib/child.ts";
import { freePort, waitForPort } from "../lib/net.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PROBE = new URL("./mem-probe.ts", import.meta.url).href;

/** How to start the server. */
export interface ServerOptions {
  runtime?: "node" | "bun";
  databaseUrl?: string;
  /** extra env (e.g. DURABILITY) */
  env?: Record<string, string>;
  /** write a V8 CPU profile of the server (from ready to stop) to this file (Node only) */
  cpuProfFile?: string;
}

/** The server entry file for a runtime (override with BENCH_SERVER_ENTRY, e.g. a built dist file). */
export function serverEntry(runtime: "node" | "bun" = "node"): string {
  return process.env.BENCH_SERVER_ENTRY ?? `${ROOT}adapters/${runtime}.ts`;
}

/** True when the server entry for `runtime` exists in the working tree. */
export function serverAvailable(runtime: "node" | "bun" = "node"): boolean {
  return existsSync(serverEntry(runtime));
}

/** A running server child. */
export class ServerProcess {
  readonly tcpPort: number;
  readonly httpPort: number;
  readonly child: ChildProcess;
  #memSeq = 0;

  private constructor(child: ChildProcess, tcpPort: number, httpPort: number) {
    this.child = child;
    this.tcpPort = tcpPort;
    this.httpPort = httpPort;
  }

  /** Start a server child and wait until its TCP port accepts connections. */
  static async start(opts: ServerOptions = {}): Promise<ServerProcess> {
    const runtime = opts.runtime ?? "node";
    const tcpPort = await freePort();
    let httpPort = await freePort();
    while (httpPort === tcpPort) httpPort = await freePort();
    const env: Record<string, string> = { PORT: String(tcpPort), HTTP_PORT: String(httpPort), HOST: "127.0.0.1", ...opts.env };
    if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
    const nodeArgs = ["--expose-gc", ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)];
    const child = forkTs(serverEntry(runtime), { env, nodeArgs, preload: [PROBE], runtime, echoStdout: !!process.env.BENCH_SERVER_STDOUT });
    try {
      await waitForPort(tcpPort, 30000, () => isAlive(child));
      // Bun starts its HTTP server after the entry module (and its TCP listener) is up.
      if (env.HTTP_PORT !== "-1" && !env.NO_HTTP) await waitForPort(httpPort, 30000, () => isAlive(child));
    } catch (err) {
      await stopChild(child, 500);
      throw err;
    }
    const srv = new ServerProcess(child, tcpPort, httpPort);
    srv.#profFile = opts.cpuProfFile;
    if (srv.#profFile) await srv.#ask({ type: "bench-prof", action: "start" });
    return srv;
  }

  #profFile: string | undefined;

  async #ask<T>(msg: { type: string } & Record<string, unknown>): Promise<T> {
    const id = ++this.#memSeq;
    const reply = waitMessage<T>(this.child, 30000, (m) => m?.type === msg.type && m.id === id);
    this.child.send({ ...msg, id });
    return reply;
  }

  /** `process.memoryUsage()` of the server after a forced GC (needs the Node runtime). */
  async memory(): Promise<NodeJS.MemoryUsage & { gc: boolean }> {
    const r = await this.#ask<{ mem: NodeJS.MemoryUsage; gc: boolean }>({ type: "bench-mem" });
    return { ...r.mem, gc: r.gc };
  }

  /** Stop the server (graceful exit first, so a CPU profile gets written). */
  async stop(): Promise<void> {
    if (this.#profFile && isAlive(this.child)) {
      const file = this.#profFile;
      this.#profFile = undefined;
      await this.#ask({ type: "bench-prof", action: "stop", file }).catch(() => {});
    }
    await stopChild(this.child, 5000);
  }
}
