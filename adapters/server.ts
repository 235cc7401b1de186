/**
 * Start a complete server on Node: the engine, the flashQ TCP listener (and Unix
 * socket), and the HTTP API with WebSocket support (@hono/node-server +
 * @hono/node-ws). Used by `adapters/node.ts` and by tests.
 *
 * @example
 * const server = await startServer({ port: 0, httpPort: 0 });
 * // … connect to server.tcpPort / server.httpPort …
 * await server.close();
 */
import { serve } from "@hono/node-server";
import { createNodeWebSocket } from "@hono/node-ws";
import { Hono } from "hono";
import type { EngineApi } from "../core/engine-api.ts";
import { DEFAULT_HTTP_PORT, DEFAULT_TCP_PORT } from "./config.ts";
import { buildEngine } from "./engine-factory.ts";
import { createApp } from "./http/app.ts";
import { MetricsHistory } from "./http/metrics-history.ts";
import { startTcpServer } from "./tcp/server.ts";
import type { WsLimits } from "./http/ws-keepalive.ts";

/** Options of {@link startServer}; all optional. */
export interface ServerOptions {
  host?: string;
  /** TCP port (default 6789); 0 = ephemeral. */
  port?: number;
  /** HTTP port (default 6790); 0 = ephemeral; -1 = no HTTP. */
  httpPort?: number;
  authTokens?: string[];
  unixSocket?: string;
  databaseUrl?: string;
  durability?: "sync" | "async";
  shards?: number;
  /** `/ws/dashboard` snapshot period, ms (default 3000). */
  dashboardIntervalMs?: number;
  /** WebSocket ping period, idle timeout, connection cap (default 30 s, 120 s, 100). */
  ws?: Partial<WsLimits>;
}

/** A running server. */
export interface RunningServer {
  tcpPort: number;
  /** Bound HTTP port, or -1 when HTTP is off. */
  httpPort: number;
  unixSocket?: string;
  engine: EngineApi;
  /** Stop accepting, finish in-flight replies, stop the engine. */
  close(): Promise<void>;
}

type NodeHttpServer = ReturnType<typeof serve>;

function logInternal(err: unknown): void {
  console.error("[flashq] internal error:", err);
}

/** Start the HTTP side on Node; resolves with the bound port. */
async function startHttp(
  engine: EngineApi,
  durable: boolean,
  opts: ServerOptions,
): Promise<{ port: number; server: NodeHttpServer; upgraded: Set<{ destroy(): void }>; history: MetricsHistory }> {
  const root = new Hono();
  const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app: root });
  const history = new MetricsHistory(engine);
  history.start();
  root.route("/", createApp({ engine, durable, authTokens: opts.authTokens, upgradeWebSocket, runtime: "node", history, dashboardIntervalMs: opts.dashboardIntervalMs, ws: opts.ws }));
  // Unset/0.0.0.0: Node's default, dual-stack `::` where IPv6 exists (so `localhost` → ::1 works), else IPv4.
  const host = opts.host === undefined || opts.host === "0.0.0.0" ? undefined : opts.host;
  return new Promise((resolve, reject) => {
    const upgraded = new Set<{ destroy(): void; once(ev: "close", fn: () => void): void }>();
    const server = serve({ fetch: root.fetch, port: opts.httpPort ?? DEFAULT_HTTP_PORT, hostname: host }, (info) =>
      resolve({ port: info.port, server, upgraded, history }),
    );
    server.once("error", reject);
    injectWebSocket(server);
    // Upgraded (WebSocket) sockets leave the HTTP server's bookkeeping: track them for close().
    server.on("upgrade", (_req: unknown, socket: { destroy(): void; once(ev: "close", fn: () => void): void }) => {
      upgraded.add(socket);
      socket.once("close", () => upgraded.delete(socket));
    });
  });
}

/** Start engine + TCP + HTTP (Node). */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const built = await buildEngine(opts);
  const { engine, durable } = built;
  let tcp: Awaited<ReturnType<typeof startTcpServer>>;
  try {
    tcp = await startTcpServer({
      engine,
      host: opts.host,
      port: opts.port ?? DEFAULT_TCP_PORT,
      unixSocket: opts.unixSocket,
      authTokens: opts.authTokens,
      durable,
      onInternalError: logInternal,
    });
  } catch (err) {
    await built.close();
    throw err;
  }
  let http: { port: number; server: NodeHttpServer; upgraded: Set<{ destroy(): void }>; history: MetricsHistory } | undefined;
  if ((opts.httpPort ?? DEFAULT_HTTP_PORT) >= 0) {
    try {
      http = await startHttp(engine, durable, opts);
    } catch (err) {
      await tcp.close();
      await built.close();
      throw err;
    }
  }
  let closing: Promise<void> | undefined;
  return {
    tcpPort: tcp.port,
    httpPort: http?.port ?? -1,
    unixSocket: tcp.unixSocket,
    engine,
    close() {
      closing ??= (async () => {
        // 1. stop accepting; 2. stop the engine (blocked pulls answer empty, changes flush);
        // 3. let those replies go out; 4. close the connections.
        tcp.stopAccepting();
        http?.history.stop();
        const httpClosed = http ? new Promise<void>((r) => http!.server.close(() => r())) : Promise.resolve();
        await built.close();
        await new Promise((r) => setImmediate(r));
        (http?.server as { closeAllConnections?: () => void } | undefined)?.closeAllConnections?.();
        for (const s of http?.upgraded ?? []) s.destroy();
        await Promise.all([tcp.close(), httpClosed]);
      })();
      return closing;
    },
  };
}
