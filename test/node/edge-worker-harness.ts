/**
 * Runs edge/worker.ts in real workerd from a node:test file, through wrangler's
 * `unstable_startWorker` (bundles with esbuild, starts workerd on a free loopback
 * port). Offline and non-interactive settings per RUNTIME-RECIPES.md §4.
 */
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

process.env.WRANGLER_SEND_METRICS ??= "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_SEND_ERROR_REPORTS ??= "false";
process.env.WRANGLER_LOG_PATH ??= `${ROOT}.wrangler/logs`; // not the user's config dir
process.env.CI ??= "true";

/** A running worker: `fetch` against it, `dispose` it in `after()`. */
export interface EdgeWorker {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

/** Start the producer in workerd with `vars` overriding wrangler.toml's [vars]. */
export async function startEdgeWorker(vars: Record<string, string>): Promise<EdgeWorker> {
  const { unstable_startWorker } = await import("wrangler");
  const bindings: Record<string, { type: "plain_text"; value: string }> = {};
  for (const [k, v] of Object.entries(vars)) bindings[k] = { type: "plain_text", value: v };
  const worker = await unstable_startWorker({
    config: `${ROOT}wrangler.toml`,
    build: { nodejsCompatMode: "v2" },
    bindings,
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, logLevel: "warn" },
  });
  await worker.ready;
  const url = await worker.url;
  return {
    fetch: (path, init) => fetch(new URL(path, url), init),
    dispose: () => worker.dispose(),
  };
}
