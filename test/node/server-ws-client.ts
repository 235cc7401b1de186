/**
 * A typed handle on the `ws` package (Node 20 has no global WebSocket; `ws` ships
 * no types, so the few members the tests use are declared here).
 */
import { createRequire } from "node:module";

/** The part of a `ws` WebSocket the tests use. */
export interface WsLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(): void;
  on(event: "open", fn: () => void): void;
  on(event: "message", fn: (data: Buffer | string) => void): void;
  on(event: "close", fn: (code: number, reason: Buffer) => void): void;
  on(event: "error", fn: (err: Error) => void): void;
  on(event: "unexpected-response", fn: (req: unknown, res: { statusCode: number }) => void): void;
  on(event: "ping" | "pong", fn: () => void): void;
}

/** Client options of the `ws` package used by the tests. */
export interface WsOptions {
  headers?: Record<string, string>;
  /** Answer the server's pings (default true). */
  autoPong?: boolean;
}

const require = createRequire(import.meta.url);
const WS = (require("ws") as { WebSocket: new (url: string, opts?: WsOptions) => WsLike }).WebSocket;

/** Outcome of opening a socket: open, or refused with an HTTP status. */
export type Opened = { ws: WsLike; status: 101 } | { ws: WsLike; status: number };

/** Connect; resolves once open (status 101) or refused (HTTP status). */
export function openWs(url: string, headers?: Record<string, string>, opts: WsOptions = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WS(url, headers ? { ...opts, headers } : opts);
    ws.on("open", () => resolve({ ws, status: 101 }));
    ws.on("unexpected-response", (_req, res) => resolve({ ws, status: res.statusCode }));
    ws.on("error", (err) => reject(err));
  });
}

/** Collects JSON messages of a socket; `until` waits for a predicate over them. */
export function collect(ws: WsLike) {
  const messages: Record<string, unknown>[] = [];
  let notify: (() => void) | null = null;
  let closed: { code: number } | null = null;
  ws.on("message", (d) => {
    messages.push(JSON.parse(String(d)) as Record<string, unknown>);
    notify?.();
  });
  ws.on("close", (code) => {
    closed = { code };
    notify?.();
  });
  return {
    messages,
    get closed() {
      return closed;
    },
    async until(pred: (m: Record<string, unknown>[]) => boolean): Promise<Record<string, unknown>[]> {
      while (!pred(messages)) {
        if (closed) throw new Error(`socket closed (${(closed as { code: number }).code}) before the condition held`);
        await new Promise<void>((r) => (notify = r));
        notify = null;
      }
      return messages;
    },
    async untilClosed(): Promise<number> {
      while (!closed) {
        await new Promise<void>((r) => (notify = r));
        notify = null;
      }
      return (closed as { code: number }).code;
    },
  };
}
