/**
 * Event streams: SSE (`/events`, `/events/{q}`, alias `/queues/{q}/events`, per job
 * `/events/job/{id}?events=…`) and
 * WebSocket (`/ws`, `/ws/{q}`), one JSON event object per message (PROTOCOL.md §8.3).
 * Auth when tokens are configured: SSE by bearer header or `?token=`; WebSocket by
 * `?token=`/bearer header before the upgrade, or a first text frame
 * `{"type":"auth","token":"…"}` (what flashQ's SDK sends) — events flow only after it;
 * it is not acknowledged (clients treat every frame as an event), but a text frame
 * `{"type":"ping"}` is answered `{"type":"pong"}` in order, so a client can sync on it.
 * Keep-alive (protocol pings, idle close) and the connection cap: ws-keepalive.ts.
 */
import type { Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { WSContext } from "hono/ws";
import { AuthenticationError, ServerError } from "../../core/errors.ts";
import type { EngineEvent } from "../../core/types.ts";
import { bearerToken, tokenMatches } from "../auth.ts";
import { toWireEvent, type WireEvent } from "../protocol/wire.ts";
import type { HttpDeps } from "./deps.ts";
import { errorResponse } from "./respond.ts";
import { KeepAlive, denoUpgradeOptions } from "./ws-keepalive.ts";

/** Events buffered per SSE client before it is considered too slow (newest dropped). */
const SSE_BUFFER = 10_000;
/** SSE keep-alive comment period. */
const KEEPALIVE_MS = 15_000;
/** How long a WebSocket may stay open without authenticating. */
const WS_AUTH_WINDOW_MS = 10_000;

/** Result of checking a request's credentials: authorised, refused, or none given. */
function credentials(c: Context, tokens: string[]): "ok" | "bad" | "none" {
  if (tokens.length === 0) return "ok";
  const t = bearerToken(c.req.header("authorization")) ?? c.req.query("token");
  if (t === undefined || t === "") return "none";
  return tokenMatches(tokens, t) ? "ok" : "bad";
}

/** Which events an SSE stream forwards. */
type EventFilter = (e: EngineEvent) => boolean;

/** Queue filter (undefined = all queues). */
function byQueue(queue: string | undefined): EventFilter {
  return queue === undefined ? () => true : (e) => e.queue === queue;
}

/** SDK 0.3.6 per-job stream: `/events/job/{id}?events=partial,progress,completed,failed`. */
function byJob(c: Context): EventFilter {
  const id = Number(c.req.param("id"));
  const types = c.req.query("events")?.split(",").map((t) => t.trim()).filter(Boolean);
  const wanted = types && types.length > 0 ? new Set(types) : null;
  return (e) => "jobId" in e && e.jobId === id && (wanted === null || wanted.has(e.type));
}

function sse(deps: HttpDeps, c: Context, filter: EventFilter): Response {
  if (credentials(c, deps.authTokens) !== "ok") return errorResponse(c, new AuthenticationError("Invalid or missing token"));
  return streamSSE(c, async (stream) => {
    let buf: WireEvent[] = [];
    let wake: (() => void) | null = null;
    let closed = false;
    const unsubscribe = deps.engine.subscribe((e: EngineEvent) => {
      if (!filter(e) || buf.length >= SSE_BUFFER) return;
      buf.push(toWireEvent(e));
      wake?.();
    });
    stream.onAbort(() => {
      closed = true;
      wake?.();
    });
    try {
      await stream.write(": connected\n\n");
      while (!closed) {
        if (buf.length > 0) {
          const batch = buf;
          buf = [];
          for (const ev of batch) await stream.writeSSE({ event: ev.event_type, data: JSON.stringify(ev) });
          continue;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const ticked = await new Promise<boolean>((resolve) => {
          wake = () => resolve(false);
          timer = setTimeout(() => resolve(true), KEEPALIVE_MS);
        });
        wake = null;
        clearTimeout(timer);
        if (ticked && !closed) await stream.write(": keep-alive\n\n");
      }
    } finally {
      unsubscribe();
    }
  });
}

/** Starts a socket's feed once authenticated (`sent` after each message); returns its stop function. */
type Feed = (ws: WSContext, sent: () => void) => () => void;

/** Event feed of `/ws` and `/ws/{q}`. */
function eventFeed(deps: HttpDeps, queue: string | undefined): Feed {
  return (ws, sent) =>
    deps.engine.subscribe((e: EngineEvent) => {
      if (queue !== undefined && e.queue !== queue) return;
      if (ws.readyState !== 1) return;
      try {
        ws.send(JSON.stringify(toWireEvent(e)));
        sent();
      } catch {
        // A socket failing mid-send must not disturb the engine's other listeners.
      }
    });
}

/** `/ws/dashboard`: a snapshot now and every `intervalMs`. */
function dashboardFeed(deps: HttpDeps, intervalMs: number): Feed {
  return (ws, sent) => {
    const send = () => {
      if (ws.readyState !== 1) return;
      const e = deps.engine;
      ws.send(
        JSON.stringify({
          stats: e.stats(),
          metrics: e.metrics(),
          queues: e.listQueues(),
          crons: e.listCrons(),
          metrics_history: deps.history?.list() ?? [],
          timestamp: Date.now(),
        }),
      );
      sent();
    };
    send();
    const timer = setInterval(send, intervalMs);
    return () => clearInterval(timer);
  };
}

function websocket(deps: HttpDeps, c: Context, feed: Feed) {
  const cred = credentials(c, deps.authTokens);
  let authed = cred === "ok";
  let unsubscribe: (() => void) | null = null;
  let authTimer: ReturnType<typeof setTimeout> | undefined;
  let keepAlive: KeepAlive | null = null;
  const touch = () => keepAlive?.touch();
  const start = (ws: WSContext) => {
    unsubscribe = feed(ws, touch);
  };
  return {
    onOpen(_evt: Event, ws: WSContext) {
      deps.wsGate.opened();
      keepAlive = new KeepAlive(ws, deps.wsLimits, deps.wsPongEvents);
      if (authed) start(ws);
      else authTimer = setTimeout(() => ws.close(4401, "Authentication required"), WS_AUTH_WINDOW_MS);
    },
    onMessage(evt: MessageEvent, ws: WSContext) {
      touch(); // any frame received is activity
      if (typeof evt.data !== "string") return;
      let m: { type?: unknown; token?: unknown };
      try {
        m = JSON.parse(evt.data) as { type?: unknown; token?: unknown };
      } catch {
        return; // not JSON: ignored, like any other client frame
      }
      if (m === null || typeof m !== "object") return;
      // Application-level ping (clients cannot rely on protocol pings everywhere): answered in order.
      if (m.type === "ping") {
        ws.send(JSON.stringify({ type: "pong" }));
        return;
      }
      if (authed || m.type !== "auth") return;
      clearTimeout(authTimer);
      if (typeof m.token === "string" && tokenMatches(deps.authTokens, m.token)) {
        authed = true;
        start(ws);
      } else {
        ws.close(4401, "Invalid token");
      }
    },
    /** A protocol pong (or ping) seen by the runtime entry (Bun's `pong`/`ping` handlers). */
    onPong() {
      touch();
    },
    onClose() {
      clearTimeout(authTimer);
      unsubscribe?.();
      unsubscribe = null;
      if (keepAlive !== null) {
        keepAlive.stop();
        keepAlive = null;
        deps.wsGate.closed();
      }
    },
  };
}

/** Mount the SSE and WebSocket routes. */
export function eventRoutes(app: Hono, deps: HttpDeps): void {
  app.get("/events", (c) => sse(deps, c, byQueue(undefined)));
  app.get("/events/job/:id", (c) => sse(deps, c, byJob(c)));
  app.get("/events/:q", (c) => sse(deps, c, byQueue(c.req.param("q"))));
  app.get("/queues/:q/events", (c) => sse(deps, c, byQueue(c.req.param("q"))));

  const upgrade = deps.upgradeWebSocket;
  const routes: [string, (c: Context) => Feed][] = [
    ["/ws/dashboard", () => dashboardFeed(deps, deps.dashboardIntervalMs ?? 3000)],
    ["/ws", () => eventFeed(deps, undefined)],
    ["/ws/:q", (c) => eventFeed(deps, c.req.param("q"))],
  ];
  for (const [path, feedOf] of routes) {
    if (!upgrade) {
      app.get(path, (c) => c.json({ ok: false, error: "WebSocket not available on this runtime", code: "SERVER_ERROR" }, 501));
      continue;
    }
    app.get(
      path,
      async (c, next) => {
        // A wrong token is refused before the upgrade; no token may still auth by first frame.
        if (credentials(c, deps.authTokens) === "bad") {
          return errorResponse(c, new AuthenticationError("Invalid or missing token"));
        }
        if (deps.wsGate.full) {
          return errorResponse(c, new ServerError("Too many WebSocket connections", "SERVICE_UNAVAILABLE"));
        }
        await next();
      },
      upgrade((c) => websocket(deps, c, feedOf(c)), denoUpgradeOptions(deps.wsLimits)),
    );
  }
}
