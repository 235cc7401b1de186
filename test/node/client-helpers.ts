/**
 * Helpers of the client tests: a real server per suite, the three client modes, and
 * event waiting without sleeps.
 */
import { startServer } from "../../adapters/server.ts";
import type { ClientOptions } from "../../client/index.ts";

/** The three ways the SDK talks to a server. */
export const MODES: Array<{ name: string; options: ClientOptions }> = [
  { name: "TCP JSON", options: {} },
  { name: "TCP MessagePack", options: { useBinary: true } },
  { name: "HTTP", options: { useHttp: true } },
];

export type RunningServer = Awaited<ReturnType<typeof startServer>>;

/** Start a server on ephemeral loopback ports. */
export function start(opts: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  return startServer({ host: "127.0.0.1", port: 0, httpPort: 0, ...opts });
}

/** Client options for `server` in `mode`. */
export function conn(server: RunningServer, mode: ClientOptions = {}): ClientOptions {
  return { host: "127.0.0.1", port: server.tcpPort, httpPort: server.httpPort, ...mode };
}

let counter = 0;
/** A queue name unique within the process. */
export function qname(prefix = "t"): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

/** Resolve with the arguments of the first `event` for which `pred` holds. */
export function nextEvent<A extends unknown[]>(
  emitter: { on(e: string, f: (...a: A) => void): unknown; off(e: string, f: (...a: A) => void): unknown },
  event: string,
  pred: (...args: A) => boolean = () => true,
): Promise<A> {
  return new Promise((resolve) => {
    const f = (...args: A) => {
      if (!pred(...args)) return;
      emitter.off(event, f);
      resolve(args);
    };
    emitter.on(event, f);
  });
}

/** Poll `check` until it returns true (bounded by the test's own timeout). */
export async function until(check: () => Promise<boolean> | boolean, everyMs = 10): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, everyMs));
}

/** A promise with its resolve function (Node 20 has no Promise.withResolvers). */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
