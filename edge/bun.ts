/**
 * Bun entry: `bun edge/bun.ts` (`npm run edge:bun`). Bun serves a default export
 * with `fetch`; no Bun global is used, so plain tsc checks this file.
 * Configuration: environment variables, see `config.ts`; `PORT`, `HOST` to listen.
 */
import { listenAddress, longLivedProducer } from "./long-lived.ts";

const { app, close } = longLivedProducer("bun", process.env);
const { port, hostname } = listenAddress(process.env);

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    void close().finally(() => process.exit(0));
  });
}
console.log(`flashQ edge producer (bun) on http://${hostname}:${port}`);

export default { port, hostname, fetch: app.fetch };
