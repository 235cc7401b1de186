/**
 * The producer for runtimes with long-lived processes (Bun, Deno, Node): one sink
 * for the life of the process — for PostgreSQL a small connection pool, which
 * these runtimes (unlike workerd) may share between requests, with group commit.
 */
import type { Hono } from "hono";
import { createPostgresClient } from "../adapters/postgres/driver.ts";
import { readConfig, type EdgeEnv } from "./config.ts";
import { createProducer } from "./producer.ts";
import { httpSink } from "./sinks/http-sink.ts";
import { pgGroupSink } from "./sinks/pg-group-sink.ts";

/** The app plus a `close()` that releases the sink's connections. */
export interface LongLivedProducer {
  app: Hono;
  close(): Promise<void>;
}

/**
 * Build the producer from environment variables (see `config.ts`).
 * @param runtime shown by `/health`.
 * @param env also `PG_POOL_SIZE`: PostgreSQL connections (default 10).
 */
export function longLivedProducer(runtime: string, env: EdgeEnv): LongLivedProducer {
  const config = readConfig(env);
  if (config.sink === "http") {
    const sink = httpSink(config.upstreamUrl!, { token: config.upstreamToken, timeoutMs: config.upstreamTimeoutMs });
    return { app: createProducer(runtime, () => sink, config), close: async () => {} };
  }
  const n = Number(env.PG_POOL_SIZE ?? 10);
  const max = Number.isSafeInteger(n) && n > 0 ? n : 10;
  const sql = createPostgresClient(config.databaseUrl!, { max });
  // Group commit: concurrent single pushes share one transaction.
  const sink = pgGroupSink(sql, { maxInFlight: max, databaseUrl: config.databaseUrl });
  return { app: createProducer(runtime, () => sink, config), close: () => sql.end({ timeout: 5 }) };
}

/** Port and hostname to listen on: `PORT` (default 8788) and `HOST` (default 127.0.0.1). */
export function listenAddress(env: EdgeEnv): { port: number; hostname: string } {
  const port = Number(env.PORT ?? 8788);
  return { port: Number.isSafeInteger(port) && port >= 0 ? port : 8788, hostname: String(env.HOST ?? "127.0.0.1") };
}
