/**
 * Server configuration from environment variables, with errors that name the
 * variable: HOST, PORT, HTTP_PORT (-1 or NO_HTTP disables HTTP), AUTH_TOKENS (comma
 * list), UNIX_SOCKET, DATABASE_URL, DURABILITY (sync|async), SHARDS,
 * DASHBOARD_INTERVAL_MS, WS_PING_INTERVAL_MS, WS_IDLE_TIMEOUT_MS, WS_MAX_CONNECTIONS,
 * HELPER_THREADS (idle|normal).
 */
import { ValidationError } from "../core/errors.ts";
import type { HelperThreadsMode } from "./helper-threads.ts";

/** What the runtime entries need to start a server. */
export interface ServerConfig {
  host: string;
  port: number;
  httpPort: number;
  authTokens: string[];
  unixSocket?: string;
  databaseUrl?: string;
  durability: "sync" | "async";
  shards: number;
  /** `/ws/dashboard` snapshot period, ms (DASHBOARD_INTERVAL_MS, default 3000). */
  dashboardIntervalMs: number;
  /** WebSocket keep-alive and cap (WS_PING_INTERVAL_MS, WS_IDLE_TIMEOUT_MS, WS_MAX_CONNECTIONS). */
  ws: { pingIntervalMs: number; idleTimeoutMs: number; maxConnections: number };
  /** Scheduling class of the runtime's helper threads (HELPER_THREADS, default idle; adapters/helper-threads.ts). */
  helperThreads: HelperThreadsMode;
}

/** Default TCP port (flashQ's). */
export const DEFAULT_TCP_PORT = 6789;
/** Default HTTP port (flashQ's). */
export const DEFAULT_HTTP_PORT = 6790;

function port(env: Record<string, string | undefined>, name: string, fallback: number, allowOff: boolean): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw.trim());
  if (allowOff && n === -1) return -1;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ValidationError(`${name} must be a port number 0-65535${allowOff ? " or -1" : ""}, got "${raw}"`, name);
  }
  return n;
}

/** A positive integer variable (≥ `min`), or `fallback` when unset. */
function posInt(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n) || n < min) throw new ValidationError(`${name} must be an integer ≥ ${min}, got "${raw}"`, name);
  return n;
}

/** HELPER_THREADS (idle|normal, any case; default idle), or an error naming the variable. */
export function helperThreadsFromEnv(env: Record<string, string | undefined>): HelperThreadsMode {
  const raw = (env.HELPER_THREADS ?? "").trim().toLowerCase() || "idle";
  if (raw !== "idle" && raw !== "normal") {
    throw new ValidationError(`HELPER_THREADS must be "idle" or "normal", got "${env.HELPER_THREADS}"`, "HELPER_THREADS");
  }
  return raw;
}

/** Read the configuration from `env` (e.g. `process.env` or `Deno.env.toObject()`). */
export function configFromEnv(env: Record<string, string | undefined>): ServerConfig {
  const host = env.HOST?.trim() || "0.0.0.0";
  const tcp = port(env, "PORT", DEFAULT_TCP_PORT, false);
  let http = port(env, "HTTP_PORT", DEFAULT_HTTP_PORT, true);
  if (env.NO_HTTP !== undefined && env.NO_HTTP !== "") http = -1;
  const authTokens = (env.AUTH_TOKENS ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const durabilityRaw = (env.DURABILITY ?? "sync").trim().toLowerCase();
  if (durabilityRaw !== "sync" && durabilityRaw !== "async") {
    throw new ValidationError(`DURABILITY must be "sync" or "async", got "${env.DURABILITY}"`, "DURABILITY");
  }
  let shards = 1;
  if (env.SHARDS !== undefined && env.SHARDS.trim() !== "") {
    shards = Number(env.SHARDS.trim());
    if (!Number.isInteger(shards) || shards < 1 || shards > 64) {
      throw new ValidationError(`SHARDS must be an integer 1-64, got "${env.SHARDS}"`, "SHARDS");
    }
  }
  let dashboardIntervalMs = 3000;
  if (env.DASHBOARD_INTERVAL_MS !== undefined && env.DASHBOARD_INTERVAL_MS.trim() !== "") {
    dashboardIntervalMs = Number(env.DASHBOARD_INTERVAL_MS.trim());
    if (!Number.isInteger(dashboardIntervalMs) || dashboardIntervalMs < 100) {
      throw new ValidationError(`DASHBOARD_INTERVAL_MS must be an integer ≥ 100, got "${env.DASHBOARD_INTERVAL_MS}"`, "DASHBOARD_INTERVAL_MS");
    }
  }
  const ws = {
    pingIntervalMs: posInt(env, "WS_PING_INTERVAL_MS", 30_000, 100),
    idleTimeoutMs: posInt(env, "WS_IDLE_TIMEOUT_MS", 120_000, 100),
    maxConnections: posInt(env, "WS_MAX_CONNECTIONS", 100, 1),
  };
  const helperThreads = helperThreadsFromEnv(env);
  const cfg: ServerConfig = { host, port: tcp, httpPort: http, authTokens, durability: durabilityRaw, shards, dashboardIntervalMs, ws, helperThreads };
  // flashQ: UNIX_SOCKET with any value enables the socket; a path-like value is the path.
  const sock = env.UNIX_SOCKET?.trim();
  if (sock) cfg.unixSocket = sock.includes("/") ? sock : "/tmp/flashq.sock";
  const db = env.DATABASE_URL?.trim();
  if (db) cfg.databaseUrl = db;
  return cfg;
}
