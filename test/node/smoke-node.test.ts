/** Smoke test: the Node entry (`npm run server`) over real TCP, HTTP and WebSocket. */
import { smokeSuite } from "./smoke-run.ts";

smokeSuite("node", process.execPath, ["--import", "tsx", "adapters/node.ts"]);
