/**
 * Runtime-neutral start-up shared by the Bun and Deno entries: config → engine →
 * TCP listener (node:net works on all three) → Hono app. Each entry then serves the
 * app with its own HTTP server and wires its signals to {@link Bootstrapped.shutdown}.
 */
import type { Hono } from "hono";
import type { UpgradeWebSocket } from "hono/ws";
import type { EngineApi } from "../core/engine-api.ts";
import { configFromEnv, type ServerConfig } from "./config.ts";
import { buildEngine } from "./engine-factory.ts";
import { describeOutcome, lowerHelperThreads } from "./helper-threads.ts";
import { createApp } from "./http/app.ts";
import { MetricsHistory } from "./http/metrics-history.ts";
import { startTcpServer, type TcpServer } from "./tcp/server.ts";

/** Everything an entry needs after start-up. */
export interface Bootstrapped {
  cfg: ServerConfig;
  /** what HELPER_THREADS did, for the start-up log */
  helperThreads: string;
  engine: EngineApi;
  tcp: TcpServer;
  app: Hono;
  /** Stop accepting TCP, stop the engine (blocked pulls answer), close connections. */
  shutdown(): Promise<void>;
}

/** Start engine + TCP and build the HTTP app for `runtime`. */
export async function bootstrap(
  env: Record<string, string | undefined>,
  upgradeWebSocket: UpgradeWebSocket<any>,
  runtime: string,
  /** The entry forwards WebSocket pongs to the socket events' `onPong` (Bun). */
  wsPongEvents = false,
): Promise<Bootstrapped> {
  const cfg = configFromEnv(env);
  const helperThreads = describeOutcome(lowerHelperThreads(cfg.helperThreads));
  const built = await buildEngine(cfg);
  const { engine, durable } = built;
  const tcp = await startTcpServer({
    engine,
    host: cfg.host,
    port: cfg.port,
    unixSocket: cfg.unixSocket,
    authTokens: cfg.authTokens,
    durable,
    onInternalError: (err) => console.error("[flashq] internal error:", err),
  });
  const history = new MetricsHistory(engine);
  history.start();
  const app = createApp({ engine, durable, authTokens: cfg.authTokens, upgradeWebSocket, runtime, history, dashboardIntervalMs: cfg.dashboardIntervalMs, ws: cfg.ws, wsPongEvents });
  return {
    cfg,
    helperThreads,
    engine,
    tcp,
    app,
    async shutdown() {
      tcp.stopAccepting();
      history.stop();
      await built.close();
      await new Promise((r) => setTimeout(r, 0));
      await tcp.close();
    },
  };
}
