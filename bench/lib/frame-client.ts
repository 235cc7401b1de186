/**
 * A minimal flashQ binary-protocol client (4-byte big-endian length + MessagePack map),
 * with pipelining by `reqId`. Used for the echo ceiling and for raw/admin commands
 * that should not depend on the SDK.
 */
import { connect, type Socket } from "node:net";
import { Packr, Unpackr } from "msgpackr";

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });

/** Encode one frame (length prefix + msgpack body). */
export function encodeFrame(msg: unknown): Buffer {
  const body = packr.pack(msg);
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeUInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

/** Incremental frame splitter: feed chunks, get decoded messages through `onMessage`. */
export class FrameReader {
  #buf: Buffer = Buffer.alloc(0);
  #onMessage: (msg: any) => void;

  constructor(onMessage: (msg: any) => void) {
    this.#onMessage = onMessage;
  }

  /** Append a chunk and emit every complete frame it finishes. */
  push(chunk: Buffer): void {
    let buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    let off = 0;
    while (buf.length - off >= 4) {
      const len = buf.readUInt32BE(off);
      if (buf.length - off - 4 < len) break;
      const msg = unpackr.unpack(buf.subarray(off + 4, off + 4 + len));
      off += 4 + len;
      this.#onMessage(msg);
    }
    this.#buf = off === buf.length ? Buffer.alloc(0) : buf.subarray(off);
  }
}

/** A pipelined request/response connection speaking binary frames. */
export class FrameClient {
  #socket: Socket;
  #pending = new Map<string, { resolve: (m: any) => void; reject: (e: Error) => void }>();
  #seq = 0;
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    const reader = new FrameReader((msg) => {
      const p = this.#pending.get(msg?.reqId);
      if (!p) return;
      this.#pending.delete(msg.reqId);
      p.resolve(msg);
    });
    socket.on("data", (c: Buffer) => reader.push(c));
    const fail = (err: Error): void => {
      this.#closed = true;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("connection closed")));
  }

  /** Open a connection to 127.0.0.1:`port` with TCP_NODELAY. */
  static connect(port: number, host = "127.0.0.1"): Promise<FrameClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host, noDelay: true });
      s.once("connect", () => {
        s.removeListener("error", reject);
        resolve(new FrameClient(s));
      });
      s.once("error", reject);
    });
  }

  /** Send `{cmd, ...fields}` and resolve with the reply (rejects on `ok:false` if `strict`). */
  request(msg: Record<string, unknown>, strict = true): Promise<any> {
    if (this.#closed) return Promise.reject(new Error("connection closed"));
    const reqId = `b${++this.#seq}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(reqId, {
        resolve: (m) => (strict && m?.ok === false ? reject(new Error(`${String(msg.cmd)}: ${m.error}`)) : resolve(m)),
        reject,
      });
      this.#socket.write(encodeFrame({ ...msg, reqId }));
    });
  }

  /** Close the socket. */
  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }
}
