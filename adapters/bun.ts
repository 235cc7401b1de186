/**
 * Bun entry: `bun run server` / `bun adapters/bun.ts`. Bun serves the default
 * export (`{port, hostname, fetch, websocket}`) with its own HTTP server; the TCP
 * listener is node:net. No Bun globals are used, so plain tsc checks this file.
 */
import { upgradeWebSocket, websocket } from "hono/bun";
import { bootstrap } from "./bootstrap.ts";

const boot = await bootstrap(process.env, upgradeWebSocket, "bun", true);
const { cfg } = boot;
const httpOn = cfg.httpPort >= 0;

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`flashq-ts: ${signal}, shutting down`);
  boot.shutdown().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
// Announced only once a signal already means an orderly shutdown.
console.log(
  `flashq-ts (bun) listening: tcp :${boot.tcp.port}${httpOn ? `, http :${cfg.httpPort}` : ""}` +
    `${boot.tcp.unixSocket ? `, unix ${boot.tcp.unixSocket}` : ""}${cfg.databaseUrl ? " (durable)" : " (in-memory)"}`,
);
console.log(`flashq-ts: ${boot.helperThreads}`);

/** Protocol pings/pongs count as activity for the keep-alive (adapters/http/ws-keepalive.ts). */
type BunSocket = { data: { events?: { onPong?: () => void } } };
const touch = (ws: BunSocket) => ws.data.events?.onPong?.();
/**
 * Bun's own WebSocket idle limit is raised past ours (it counts only received frames;
 * ours also counts events sent), its automatic pings stay on.
 */
const bunWebsocket = { ...websocket, pong: touch, ping: touch, idleTimeout: Math.min(960, Math.ceil(cfg.ws.idleTimeoutMs / 1000) + 60) };

/** Bun.serve options (HTTP disabled by HTTP_PORT=-1: no fetch handler is exported then). */
export default httpOn
  ? { port: cfg.httpPort, hostname: cfg.host, fetch: boot.app.fetch, websocket: bunWebsocket, idleTimeout: 255, development: false }
  : undefined;
