/**
 * A minimal flashQ wire client for the server tests: JSON-lines or MessagePack
 * framing over a real socket, requests matched to replies by `reqId`.
 */
import { connect, type Socket } from "node:net";
import { Packr, Unpackr } from "msgpackr";

export type Mode = "json" | "msgpack";
export type Msg = Record<string, unknown>;

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" });

/** Encode one request in `mode` (a full line or frame). */
export function encode(mode: Mode, msg: unknown): Buffer {
  if (mode === "json") return Buffer.from(JSON.stringify(msg) + "\n");
  const body = packr.pack(msg);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** A connected test client. */
export class WireClient {
  readonly mode: Mode;
  readonly socket: Socket;
  /** Replies in arrival order (including those without reqId). */
  readonly received: Msg[] = [];
  private buf = Buffer.alloc(0);
  private waiters = new Map<string, (m: Msg) => void>();
  private anyWaiters: Array<(m: Msg) => void> = [];
  private seq = 0;
  closed: Promise<void>;

  private constructor(mode: Mode, socket: Socket) {
    this.mode = mode;
    this.socket = socket;
    socket.on("data", (d: Buffer) => this.onData(d));
    this.closed = new Promise((r) => socket.on("close", () => r()));
    socket.on("error", () => {});
  }

  /** Connect to a TCP port (or a Unix socket path). */
  static open(mode: Mode, port: number | string): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const s = typeof port === "number" ? connect(port, "127.0.0.1") : connect(port);
      s.once("connect", () => resolve(new WireClient(mode, s)));
      s.once("error", reject);
    });
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      let msg: Msg;
      if (this.mode === "json") {
        const nl = this.buf.indexOf(10);
        if (nl < 0) return;
        msg = JSON.parse(this.buf.toString("utf8", 0, nl)) as Msg;
        this.buf = this.buf.subarray(nl + 1);
      } else {
        if (this.buf.length < 4) return;
        const len = this.buf.readUInt32BE(0);
        if (this.buf.length < 4 + len) return;
        msg = unpackr.unpack(this.buf.subarray(4, 4 + len)) as Msg;
        this.buf = this.buf.subarray(4 + len);
      }
      this.received.push(msg);
      const w = typeof msg.reqId === "string" ? this.waiters.get(msg.reqId) : undefined;
      if (w) {
        this.waiters.delete(msg.reqId as string);
        w(msg);
      } else {
        this.anyWaiters.shift()?.(msg);
      }
    }
  }

  /** Send a request (a reqId is added) and resolve with its reply. */
  call(msg: Msg): Promise<Msg> {
    const reqId = `r${++this.seq}`;
    const p = new Promise<Msg>((resolve) => this.waiters.set(reqId, resolve));
    this.socket.write(encode(this.mode, { ...msg, reqId }));
    return p;
  }

  /** Like {@link call} but fails the test if the reply is not ok. */
  async ok(msg: Msg): Promise<Msg> {
    const r = await this.call(msg);
    if (r.ok !== true) throw new Error(`${String(msg.cmd)} failed: ${JSON.stringify(r)}`);
    return r;
  }

  /** Write raw bytes; resolve with the next reply that has no pending waiter. */
  raw(bytes: Buffer | string): Promise<Msg> {
    const p = new Promise<Msg>((resolve) => this.anyWaiters.push(resolve));
    this.socket.write(bytes);
    return p;
  }

  close(): Promise<void> {
    this.socket.end();
    this.socket.destroy();
    return this.closed;
  }
}
