/**
 * The one Hono app of the HTTP API, identical on Node, Bun and Deno: REST routes
 * (flashQ's and its SDK's aliases), SSE and WebSocket events, health and metrics.
 * Runtime entries pass the engine and their WebSocket upgrader.
 *
 * @example
 * const app = createApp({ engine, authTokens: [], durable: false, runtime: "test" });
 * const res = await app.request("/queues/q/jobs", { method: "POST", body: '{"data":1}' });
 */
import { Hono } from "hono";
import type { UpgradeWebSocket } from "hono/ws";
import type { EngineApi } from "../../core/engine-api.ts";
import { AuthenticationError } from "../../core/errors.ts";
import { bearerToken, tokenMatches } from "../auth.ts";
import type { HttpDeps } from "./deps.ts";
import type { MetricsHistory } from "./metrics-history.ts";
import { eventRoutes } from "./events.ts";
import { bodyCap } from "./body-cap.ts";
import { errorResponse } from "./respond.ts";
import { adminRoutes } from "./routes-admin.ts";
import { jobRoutes } from "./routes-jobs.ts";
import { queueRoutes } from "./routes-queues.ts";
import { serverRoutes } from "./routes-server.ts";
import { DEFAULT_WS_LIMITS, WsGate, type WsLimits } from "./ws-keepalive.ts";

/** Options of {@link createApp}. */
export interface AppOptions {
  engine: EngineApi;
  authTokens?: string[];
  durable?: boolean;
  upgradeWebSocket?: UpgradeWebSocket<any>;
  runtime?: string;
  /** Sampler behind `/metrics/history` (the runtime entries start one). */
  history?: MetricsHistory;
  /** Period of `/ws/dashboard` snapshots (ms). */
  dashboardIntervalMs?: number;
  /** WebSocket ping period, idle timeout and connection cap (flashQ's 30 s / 120 s / 100 by default). */
  ws?: Partial<WsLimits>;
  /** The runtime entry forwards protocol pongs to `onPong` (adapters/bun.ts). */
  wsPongEvents?: boolean;
}

/** Largest request body accepted (16 MiB, like a TCP frame). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Paths served without a token (liveness probes). */
const OPEN_PATHS = new Set(["/health"]);

/** Build the HTTP app. */
export function createApp(opts: AppOptions): Hono {
  const wsLimits: WsLimits = { ...DEFAULT_WS_LIMITS, ...definedOnly(opts.ws) };
  const deps: HttpDeps = {
    engine: opts.engine,
    authTokens: opts.authTokens ?? [],
    durable: opts.durable ?? false,
    upgradeWebSocket: opts.upgradeWebSocket,
    runtime: opts.runtime ?? "unknown",
    startedAt: Date.now(),
    history: opts.history,
    dashboardIntervalMs: opts.dashboardIntervalMs,
    wsLimits,
    wsGate: new WsGate(wsLimits.maxConnections),
    wsPongEvents: opts.wsPongEvents ?? false,
  };
  const app = new Hono();

  app.use("*", async (c, next) => {
    c.header("Access-Control-Allow-Origin", "*");
    if (c.req.method === "OPTIONS") {
      c.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
      c.header("Access-Control-Allow-Headers", "Content-Type, Authorization");
      return c.body(null, 204);
    }
    // REST needs the bearer header; event streams check their own (they also accept ?token=).
    const p = c.req.path;
    const streams = p === "/events" || p.startsWith("/events/") || p === "/ws" || p.startsWith("/ws/") || p.endsWith("/events");
    if (deps.authTokens.length > 0 && !OPEN_PATHS.has(p) && !streams) {
      const t = bearerToken(c.req.header("authorization"));
      if (t === undefined || !tokenMatches(deps.authTokens, t)) {
        return errorResponse(c, new AuthenticationError(t === undefined ? "Authentication required" : "Invalid token"));
      }
    }
    await next();
  });

  // Same cap as a TCP frame; job data itself is limited to 10 MB by the engine.
  app.use(
    "*",
    bodyCap(MAX_BODY_BYTES, errorResponse),
  );

  adminRoutes(app, deps);
  queueRoutes(app, deps);
  jobRoutes(app, deps);
  eventRoutes(app, deps);
  serverRoutes(app, deps);

  app.notFound((c) =>
    c.json({ ok: false, error: `Not found: ${c.req.method} ${c.req.path}`, code: "NOT_FOUND", retryable: false }, 404),
  );
  app.onError((err, c) => errorResponse(c, err));
  return app;
}

/** `o` without its `undefined` members (so they do not override defaults). */
function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (o === undefined) return out;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
