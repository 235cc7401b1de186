/**
 * Node entry: `npm run server` (node --import tsx adapters/node.ts). Reads the
 * configuration from the environment, starts TCP + HTTP, and shuts down cleanly on
 * SIGINT/SIGTERM (stop accepting, finish in-flight replies, exit 0).
 */
import { configFromEnv } from "./config.ts";
import { describeOutcome, lowerHelperThreads } from "./helper-threads.ts";
import { startServer } from "./server.ts";

async function main(): Promise<void> {
  const cfg = configFromEnv(process.env);
  const helpers = lowerHelperThreads(cfg.helperThreads);
  const server = await startServer(cfg);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`flashq-ts: ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error("flashq-ts: shutdown failed:", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // Announced only once a signal already means an orderly shutdown.
  const where = [`tcp :${server.tcpPort}`];
  if (server.httpPort >= 0) where.push(`http :${server.httpPort}`);
  if (server.unixSocket) where.push(`unix ${server.unixSocket}`);
  console.log(`flashq-ts (node) listening: ${where.join(", ")}${cfg.databaseUrl ? " (durable)" : " (in-memory)"}`);
  console.log(`flashq-ts: ${describeOutcome(helpers)}`);
}

main().catch((err) => {
  console.error(`flashq-ts: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
