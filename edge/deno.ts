/**
 * Deno / Deno Deploy entry: `deno run --allow-net --allow-env edge/deno.ts`
 * (`npm run edge:deno`). On Deno Deploy, `Deno.serve` picks the port itself.
 * Configuration: environment variables, see `config.ts`; `PORT`, `HOST` to listen.
 * Checked with `deno check edge/deno.ts` (excluded from tsc: it uses the Deno global).
 */
import { listenAddress, longLivedProducer } from "./long-lived.ts";

const env = Deno.env.toObject();
const { app, close } = longLivedProducer("deno", env);
const { port, hostname } = listenAddress(env);

const server = Deno.serve(
  { port, hostname, onListen: (a) => console.log(`flashQ edge producer (deno) on http://${a.hostname}:${a.port}`) },
  app.fetch,
);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(sig, () => {
    void server.shutdown().then(close).finally(() => Deno.exit(0));
  });
}
