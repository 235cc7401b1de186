/**
 * Loopback networking helpers: free ports and waiting for a listener.
 */
import { createServer, connect } from "node:net";
import { sleep } from "./timebox.ts";

/** Ask the OS for a currently free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function canConnect(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

/** Wait until `port` accepts connections, or throw after `ms`. */
export async function waitForPort(port: number, ms: number, alive: () => boolean = () => true): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (!alive()) throw new Error(`process exited before listening on port ${port}`);
    if (await canConnect(port)) return;
    await sleep(50);
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${ms} ms`);
}
