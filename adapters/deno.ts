/**
 * Deno entry: `deno task server`. Serves the Hono app with `Deno.serve`; the TCP
 * listener is node:net. Excluded from tsc (Deno globals): checked by `deno check`.
 */
import { upgradeWebSocket } from "hono/deno";
import { bootstrap } from "./bootstrap.ts";

const boot = await bootstrap(Deno.env.toObject(), upgradeWebSocket, "deno");
const { cfg } = boot;
let http: Deno.HttpServer | undefined;
if (cfg.httpPort >= 0) {
  http = Deno.serve({ port: cfg.httpPort, hostname: cfg.host, onListen: () => {} }, boot.app.fetch);
}

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`flashq-ts: ${signal}, shutting down`);
  Promise.all([boot.shutdown(), http?.shutdown()]).then(
    () => Deno.exit(0),
    () => Deno.exit(1),
  );
}
Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
// Announced only once a signal already means an orderly shutdown.
console.log(
  `flashq-ts (deno) listening: tcp :${boot.tcp.port}${http ? `, http :${(http.addr as Deno.NetAddr).port}` : ""}` +
    `${boot.tcp.unixSocket ? `, unix ${boot.tcp.unixSocket}` : ""}${cfg.databaseUrl ? " (durable)" : " (in-memory)"}`,
);
console.log(`flashq-ts: ${boot.helperThreads}`);
