/**
 * Cloudflare Workers entry (`wrangler dev` / `wrangler deploy`, see wrangler.toml).
 * Configuration comes from the Worker's env (`[vars]`, secrets): see `config.ts`;
 * a Hyperdrive binding named `HYPERDRIVE`, when present, replaces `DATABASE_URL`.
 *
 * workerd forbids I/O objects shared between requests, so the PostgreSQL sink
 * opens one postgres.js client per request and ends it after the response
 * through `waitUntil` (with Hyperdrive in production the connect is cheap).
 */
import type { Context } from "hono";
import { createPostgresClient } from "../adapters/postgres/driver.ts";
import { readConfig, type EdgeConfig } from "./config.ts";
import { createProducer } from "./producer.ts";
import { httpSink } from "./sinks/http-sink.ts";
import { pgSink } from "./sinks/pg-sink.ts";
import type { Sink } from "./sink.ts";

/** A Hyperdrive binding (`[[hyperdrive]] binding = "HYPERDRIVE"`): its pooled connection string. */
interface HyperdriveLike {
  connectionString: string;
}

// Parsed once per env object (one per isolate), not per request.
const configs = new WeakMap<object, EdgeConfig>();
function configOf(c: Context): EdgeConfig {
  const env = (c.env ?? {}) as Record<string, unknown>;
  let cfg = configs.get(env);
  if (cfg === undefined) {
    const hd = env.HYPERDRIVE as HyperdriveLike | undefined;
    const url = typeof hd?.connectionString === "string" ? hd.connectionString : env.DATABASE_URL;
    cfg = readConfig({ ...env, DATABASE_URL: url });
    configs.set(env, cfg);
  }
  return cfg;
}

function sinkFor(c: Context, cfg: EdgeConfig): Sink {
  if (cfg.sink === "http") return httpSink(cfg.upstreamUrl!, { token: cfg.upstreamToken, timeoutMs: cfg.upstreamTimeoutMs });
  const sql = createPostgresClient(cfg.databaseUrl!, { max: 1 });
  const sink = pgSink(sql, { databaseUrl: cfg.databaseUrl });
  const end = () => c.executionCtx.waitUntil(sql.end({ timeout: 5 }));
  return {
    kind: sink.kind,
    push: (req) => sink.push(req).finally(end),
    pushBatch: (req) => sink.pushBatch(req).finally(end),
  };
}

/** The module worker: a Hono app is a valid `{ fetch }` export. */
export default createProducer("workerd", sinkFor, configOf);
