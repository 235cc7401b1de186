/** Smoke test: the Bun entry (`bun run server`, Bun's own HTTP server) over real TCP, HTTP and WebSocket. */
import { smokeSuite } from "./smoke-run.ts";

smokeSuite("bun", "node_modules/.bin/bun", ["adapters/bun.ts"]);
