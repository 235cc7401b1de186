/**
 * Node entry: `node --import tsx edge/node.ts` (`npm run edge:node`), for any host
 * that runs Node (a container, a VM, a Node serverless platform with long-lived
 * instances). Configuration: environment variables, see `config.ts`; `PORT`, `HOST`.
 */
import { serve } from "@hono/node-server";
import { listenAddress, longLivedProducer } from "./long-lived.ts";

const { app, close } = longLivedProducer("node", process.env);
const { port, hostname } = listenAddress(process.env);

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`flashQ edge producer (node) on http://${hostname}:${info.port}`);
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    server.close(() => void close().finally(() => process.exit(0)));
  });
}
