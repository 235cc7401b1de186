/**
 * Edge producer configuration from environment variables (process env on Bun and
 * Deno, `env` bindings / `[vars]` / secrets on Cloudflare Workers).
 *
 * | variable | meaning |
 * | --- | --- |
 * | `SINK` | `pg` or `http`; default: `pg` when `DATABASE_URL` is set, else `http` |
 * | `DATABASE_URL` | PostgreSQL URL for the `pg` sink |
 * | `UPSTREAM_URL` | base URL of a flashQ server's HTTP API for the `http` sink |
 * | `UPSTREAM_TOKEN` | bearer token sent upstream; default: the caller's own `Authorization` |
 * | `AUTH_TOKENS` | comma-separated bearer tokens; empty = no auth |
 * | `CORS_ALLOW_ORIGIN` | comma-separated origins, or `*` (default) |
 * | `MAX_BATCH_BODY_BYTES` | cap on a batch request body (default 64 MiB) |
 * | `UPSTREAM_TIMEOUT_MS` | give up on the upstream after this long (default 10000) |
 * | `PG_POOL_SIZE` | Bun/Deno/Vercel: PostgreSQL pool size (default 10; read by long-lived.ts) |
 */
import { ValidationError } from "../core/errors.ts";
import { MAX_JOB_DATA_SIZE } from "../core/validation.ts";

/** The settings the producer and the sinks read. */
export interface EdgeConfig {
  sink: "pg" | "http";
  databaseUrl?: string;
  upstreamUrl?: string;
  upstreamToken?: string;
  upstreamTimeoutMs: number;
  /** Accepted bearer tokens; empty = auth disabled. */
  authTokens: string[];
  /** Allowed CORS origins; `["*"]` = any. */
  corsOrigins: string[];
  /** Max body of a single push: the data limit plus room for the options. */
  maxPushBodyBytes: number;
  maxBatchBodyBytes: number;
}

/** Environment as the runtimes hand it over: name → string (other binding types ignored). */
export type EdgeEnv = Record<string, unknown>;

function text(env: EdgeEnv, name: string): string | undefined {
  const v = env[name];
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

function list(v: string | undefined): string[] {
  return v === undefined ? [] : v.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** Read and check the configuration; throws ValidationError naming the variable. */
export function readConfig(env: EdgeEnv): EdgeConfig {
  const databaseUrl = text(env, "DATABASE_URL");
  const upstreamUrl = text(env, "UPSTREAM_URL")?.replace(/\/+$/, "");
  const sinkVar = text(env, "SINK");
  const sink = sinkVar ?? (databaseUrl !== undefined ? "pg" : "http");
  if (sink !== "pg" && sink !== "http") throw new ValidationError(`SINK must be "pg" or "http", got "${sink}"`, "SINK");
  if (sink === "pg" && databaseUrl === undefined) throw new ValidationError("SINK=pg needs DATABASE_URL", "DATABASE_URL");
  if (sink === "http" && upstreamUrl === undefined) throw new ValidationError("SINK=http needs UPSTREAM_URL", "UPSTREAM_URL");
  const batchCap = Number(text(env, "MAX_BATCH_BODY_BYTES") ?? 64 * 1024 * 1024);
  if (!Number.isSafeInteger(batchCap) || batchCap <= 0) {
    throw new ValidationError("MAX_BATCH_BODY_BYTES must be a positive integer", "MAX_BATCH_BODY_BYTES");
  }
  const upstreamTimeoutMs = Number(text(env, "UPSTREAM_TIMEOUT_MS") ?? 10_000);
  if (!Number.isSafeInteger(upstreamTimeoutMs) || upstreamTimeoutMs <= 0) {
    throw new ValidationError("UPSTREAM_TIMEOUT_MS must be a positive integer", "UPSTREAM_TIMEOUT_MS");
  }
  const origins = list(text(env, "CORS_ALLOW_ORIGIN"));
  return {
    sink,
    databaseUrl,
    upstreamUrl,
    upstreamToken: text(env, "UPSTREAM_TOKEN"),
    upstreamTimeoutMs,
    authTokens: list(text(env, "AUTH_TOKENS")),
    corsOrigins: origins.length === 0 ? ["*"] : origins,
    maxPushBodyBytes: MAX_JOB_DATA_SIZE + 64 * 1024,
    maxBatchBodyBytes: batchCap,
  };
}
