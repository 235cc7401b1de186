/** Smoke test: the Deno entry (`deno task server`, Deno.serve) over real TCP, HTTP and WebSocket. */
import { smokeSuite } from "./smoke-run.ts";

smokeSuite("deno", "node_modules/.bin/deno", ["run", "-A", "adapters/deno.ts"]);
