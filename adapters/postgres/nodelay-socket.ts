/**
 * Sockets for postgres.js with Nagle's algorithm off (TCP_NODELAY), for the server's
 * storage pool (Node, Bun and Deno; the workerd edge path never imports this file).
 *
 * postgres.js 3.4.9 leaves Nagle on. Its queries go out in one write each, but a COPY
 * ends with a separate small CopyDone message: with Nagle on, that segment waits for
 * PostgreSQL's delayed ACK of the data before it (40 ms on Linux). Measured here, a
 * 1,000-row COPY in a transaction: 47–92 ms with Nagle, 1.7–3.0 ms without (median 2.5 ms).
 *
 * The factory is postgres.js's `socket` option. It dials what the pool would have
 * dialled (the Unix socket `path`, or the hosts in turn) and returns the socket at
 * once, still connecting: postgres.js's first writes wait in the socket until it is
 * connected, and a refused or lost connection reaches postgres.js as the usual
 * `error` and `close` events, so its reconnects and connect timeout work unchanged.
 * TLS, when asked for, is negotiated by postgres.js on top of it.
 */
import { connect, type Socket } from "node:net";

/** The part of postgres.js's parsed options the factory reads. */
export interface SocketTarget {
  host: string[];
  port: number[];
  path?: string | false;
}

/** A postgres.js `socket` option: sockets that connect with TCP_NODELAY. */
export function noDelaySocket(): (target: SocketTarget) => Socket {
  let next = 0;
  return (o) => {
    if (o.path) return connect({ path: o.path });
    const i = next++ % Math.max(1, o.host.length);
    return connect({ host: o.host[i] ?? "localhost", port: o.port[i] ?? o.port[0] ?? 5432, noDelay: true });
  };
}
