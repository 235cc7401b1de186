/**
 * What the HTTP routes share, and {@link exec}: run a command of the shared table
 * (same zod schema and handler as TCP), committing before the reply.
 */
import type { UpgradeWebSocket } from "hono/ws";
import type { EngineApi } from "../../core/engine-api.ts";
import { COMMANDS, run, type Reply } from "../protocol/commands.ts";
import type { MetricsHistory } from "./metrics-history.ts";
import type { WsGate, WsLimits } from "./ws-keepalive.ts";

/** Dependencies of the HTTP app. */
export interface HttpDeps {
  engine: EngineApi;
  /** Await `engine.settled()` before answering state changes. */
  durable: boolean;
  /** Tokens; empty = auth disabled. */
  authTokens: string[];
  /** The runtime's WebSocket upgrader; without it `/ws` answers 501. */
  upgradeWebSocket?: UpgradeWebSocket<any>;
  /** Which runtime serves the app ("node", "bun", "deno", "test"). */
  runtime: string;
  startedAt: number;
  /** Periodic samples for `/metrics/history` (absent: the route answers []). */
  history?: MetricsHistory;
  /** Period of `/ws/dashboard` snapshots (ms, default 3000; env DASHBOARD_INTERVAL_MS). */
  dashboardIntervalMs?: number;
  /** WebSocket keep-alive periods and connection cap. */
  wsLimits: WsLimits;
  /** Open WebSocket connections, against `wsLimits.maxConnections`. */
  wsGate: WsGate;
  /** The runtime entry forwards protocol pongs to the socket's `onPong` (Bun). */
  wsPongEvents: boolean;
}

let nextRequest = 1;

/** A fresh owner id for one HTTP request's blocking pull. */
export function requestOwner(): string {
  return `http-${nextRequest++}`;
}

/** Run command `name` with `msg`; await the commit when it changed durable state. */
export async function exec(deps: HttpDeps, name: string, msg: Record<string, unknown>, owner = "http"): Promise<Reply> {
  const spec = COMMANDS[name]!;
  const reply = await run(deps.engine, spec, msg, { owner });
  if (deps.durable && spec.mutates) await deps.engine.settled();
  return reply;
}

/** Await the commit of what the request changed (durable storage only). */
export async function commit(deps: HttpDeps): Promise<void> {
  if (deps.durable) await deps.engine.settled();
}
