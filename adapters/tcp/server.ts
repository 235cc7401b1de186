/**
 * The flashQ TCP listener (node:net — runs on Node, Bun and Deno): one
 * {@link Connection} per socket, on a TCP port and optionally a Unix socket.
 */
import { createServer, type Server, type Socket } from "node:net";
import { existsSync, unlinkSync } from "node:fs";
import type { EngineApi } from "../../core/engine-api.ts";
import { KvStore } from "../protocol/kv-store.ts";
import { Connection } from "./connection.ts";
import { warmUpOnce } from "./warmup.ts";
import { warmUpOverLoopback } from "./warmup-loopback.ts";

let loopbackWarmed = false;

/** Options of {@link startTcpServer}. */
export interface TcpServerOptions {
  engine: EngineApi;
  host?: string;
  /** TCP port; 0 = ephemeral; -1 = no TCP listener. */
  port: number;
  unixSocket?: string;
  authTokens?: string[];
  durable?: boolean;
  onInternalError?: (err: unknown) => void;
  /** Warm the JIT up on a throw-away engine before listening (once per process; default true). */
  warmup?: boolean;
}

/** A running TCP server. */
export interface TcpServer {
  /** Bound TCP port (-1 when TCP is off). */
  port: number;
  unixSocket?: string;
  /** Stop accepting new connections (open ones keep working). */
  stopAccepting(): void;
  /** Stop accepting, let sockets finish writing, then close them. */
  close(): Promise<void>;
}

function listen(server: Server, arg: { port: number; host?: string } | { path: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(arg, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/** Start the TCP (and Unix socket) listeners. */
export async function startTcpServer(opts: TcpServerOptions): Promise<TcpServer> {
  if (opts.warmup !== false) {
    warmUpOnce();
    if (!loopbackWarmed) {
      loopbackWarmed = true;
      // Real sockets, once per process; where loopback TCP is unavailable it is skipped.
      await warmUpOverLoopback((engine) => startTcpServer({ engine, host: "127.0.0.1", port: 0, warmup: false })).catch(() => {});
    }
  }
  const sockets = new Set<Socket>();
  const shared = {
    engine: opts.engine,
    authTokens: opts.authTokens ?? [],
    durable: opts.durable ?? false,
    onInternalError: opts.onInternalError,
    kv: new KvStore(),
  };
  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    new Connection(socket, shared);
  };
  const servers: Server[] = [];
  let port = -1;
  if (opts.port >= 0) {
    const tcp = createServer({ noDelay: true }, onConnection);
    // "::" is dual-stack where available, so `localhost` resolving to ::1 also works.
    const host = opts.host === undefined || opts.host === "0.0.0.0" ? undefined : opts.host;
    await listen(tcp, host === undefined ? { port: opts.port } : { port: opts.port, host });
    servers.push(tcp);
    port = (tcp.address() as { port: number }).port;
  }
  if (opts.unixSocket) {
    if (existsSync(opts.unixSocket)) unlinkSync(opts.unixSocket);
    const unix = createServer(onConnection);
    await listen(unix, { path: opts.unixSocket });
    servers.push(unix);
  }
  let closing: Promise<void>[] | undefined;
  const stopAccepting = () => {
    closing ??= servers.map((s) => new Promise<void>((r) => s.close(() => r())));
  };
  return {
    port,
    unixSocket: opts.unixSocket,
    stopAccepting,
    async close() {
      stopAccepting();
      // Half-close: in-flight replies already written still reach the client.
      for (const s of sockets) s.end();
      const timer = setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, 2000);
      (timer as { unref?: () => void }).unref?.();
      await Promise.all(closing!);
      clearTimeout(timer);
    },
  };
}
