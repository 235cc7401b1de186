/**
 * TCP transport (node:net — available on Node, Bun and Deno): JSON lines or 4-byte
 * big-endian length-prefixed MessagePack frames (PROTOCOL.md §2). Requests carry a
 * string `reqId`; replies are matched by it, so requests pipeline freely and may be
 * answered in any order. Writes issued in the same tick are coalesced into one
 * socket write.
 *
 * Request timeouts: one timer per connection, armed at the earliest deadline and
 * re-armed by a sweep of the pending requests when it fires — not a setTimeout and
 * clearTimeout per request (a Timeout object, list insert and removal each time).
 */
import { connect as netConnect, type Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { Packr, Unpackr } from "msgpackr";
import { ConnectionError, TimeoutError } from "../../core/errors.ts";
import { MAX_FRAME_SIZE } from "../constants.ts";
import { FALLBACK, decode } from "./msgpack-decode.ts";
import type { Command, Reply, Transport, TransportOptions } from "./transport.ts";

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
  /** performance.now() (monotonic) after which the request times out (Infinity: never). */
  deadline: number;
  timeoutMs: number;
  cmd: string;
}

/** Timeouts that fall due within this many ms of a sweep wait for the next one (bounds sweeps). */
const SWEEP_SLACK_MS = 5;

const packr = new Packr({ useRecords: false, skipValues: [undefined] } as ConstructorParameters<typeof Packr>[0]);
// copyBuffers: binary values must not be views of a read buffer that is reused.
const unpackr = new Unpackr({ useRecords: false, copyBuffers: true });

let seq = 0;
const RESOLVED = Promise.resolve();

/** Node's `onread` socket option (not on Bun or Deno, whose node:net lacks it). */
const NODE_ONREAD =
  typeof (globalThis as { Bun?: unknown }).Bun === "undefined" &&
  typeof (globalThis as { Deno?: unknown }).Deno === "undefined" &&
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
const READ_BUFFER_SIZE = 64 * 1024;

/** TCP transport speaking JSON lines or MessagePack frames. */
export class TcpTransport implements Transport {
  onLost?: (error: Error) => void;
  readonly #opts: TransportOptions;
  #socket: Socket | null = null;
  #open = false;
  #closing = false;
  readonly #pending = new Map<string, Pending>();
  // Outgoing coalescing: JSON text or binary frames queued in this tick.
  #outText = "";
  #outFrames: Buffer[] = [];
  #flushScheduled = false;
  // Request timeouts: the sweep timer and the deadline it is armed for.
  #sweepTimer: ReturnType<typeof setTimeout> | undefined;
  #sweepAt = Infinity;
  readonly #sweep = () => this.#onSweep();
  readonly #flushTask = () => this.#flush();
  // Incoming buffers.
  #inText = "";
  #inBin: Buffer | null = null;
  #inParts: Buffer[] = [];
  #inPartsLen = 0;
  #inNeed = 0;

  constructor(opts: TransportOptions) {
    this.#opts = opts;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Number of requests awaiting a reply. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  connect(): Promise<void> {
    const o = this.#opts;
    return new Promise<void>((resolve, reject) => {
      // Binary replies on Node: read into one buffer per connection (`onread`) instead of
      // a new Buffer per read pushed through the Readable stream machinery.
      const onread = o.binary && NODE_ONREAD
        ? { buffer: Buffer.allocUnsafe(READ_BUFFER_SIZE), callback: (n: number, buf: Buffer) => this.#onRead(n, buf) }
        : undefined;
      const socket = o.socketPath
        ? netConnect({ path: o.socketPath, onread })
        : netConnect({ host: o.host, port: o.port, onread });
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        socket.destroy();
        reject(new ConnectionError(`Connection timeout after ${o.connectTimeout}ms`, "CONNECTION_TIMEOUT"));
      }, o.connectTimeout);
      socket.once("connect", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.setNoDelay(true);
        this.#socket = socket;
        this.#open = true;
        resolve();
      });
      socket.on("error", (err) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          const where = o.socketPath ?? `${o.host}:${o.port}`;
          reject(new ConnectionError(`Failed to connect to ${where}: ${err.message}`, "CONNECTION_FAILED", err));
        }
        // After connect, 'close' follows and handles everything.
      });
      socket.on("close", () => {
        if (socket !== this.#socket) return;
        this.#onClosed();
      });
      if (onread) {
        // data arrives through onread.callback
      } else if (o.binary) {
        socket.on("data", (chunk: Buffer) => this.#onBinary(chunk, chunk.length, false));
      } else {
        socket.setEncoding("utf8");
        socket.on("data", (chunk: string) => this.#onText(chunk));
      }
    });
  }

  send(command: Command, timeoutMs: number): Promise<Reply> {
    if (!this.#open) {
      return Promise.reject(new ConnectionError("Not connected", "NOT_CONNECTED"));
    }
    // A caller-assigned id (request-id tracking) is kept; otherwise one is assigned for
    // this send only (so a retried command gets a fresh one).
    const own = typeof command.reqId !== "string";
    const reqId = own ? "r" + ++seq : (command.reqId as string);
    if (own) command.reqId = reqId;
    this.#enqueue(command);
    if (own) command.reqId = undefined;
    return new Promise<Reply>((resolve, reject) => {
      const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
      this.#pending.set(reqId, { resolve, reject, deadline, timeoutMs, cmd: command.cmd });
      if (deadline < this.#sweepAt) this.#armSweep(deadline);
    });
  }

  #armSweep(at: number): void {
    if (this.#sweepTimer !== undefined) clearTimeout(this.#sweepTimer);
    this.#sweepAt = at;
    this.#sweepTimer = setTimeout(this.#sweep, Math.max(0, Math.ceil(at - performance.now())));
    // The socket keeps the process alive while requests are pending; the timer need not.
    (this.#sweepTimer as { unref?: () => void }).unref?.();
  }

  #disarmSweep(): void {
    if (this.#sweepTimer !== undefined) clearTimeout(this.#sweepTimer);
    this.#sweepTimer = undefined;
    this.#sweepAt = Infinity;
  }

  /** Reject the requests past their deadline; re-arm for the earliest remaining one. */
  #onSweep(): void {
    this.#sweepTimer = undefined;
    this.#sweepAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    let expired: Array<[string, Pending]> | undefined;
    for (const entry of this.#pending) {
      const d = entry[1].deadline;
      if (d <= now) (expired ??= []).push(entry);
      else if (d < next) next = d;
    }
    if (expired) {
      for (const [reqId, p] of expired) {
        this.#pending.delete(reqId);
        p.reject(new TimeoutError(`Request timeout after ${p.timeoutMs}ms (${p.cmd})`, p.timeoutMs));
      }
    }
    if (next !== Infinity && next < this.#sweepAt) this.#armSweep(Math.max(next, now + SWEEP_SLACK_MS));
  }

  close(): void {
    if (!this.#socket) return;
    this.#closing = true;
    const socket = this.#socket;
    this.#flush();
    socket.end();
    socket.destroy();
    this.#onClosed();
  }

  #enqueue(command: Command): void {
    const o = this.#opts;
    if (o.binary) {
      const body = packr.pack(command);
      const frame = Buffer.allocUnsafe(4 + body.length);
      frame.writeUInt32BE(body.length, 0);
      body.copy(frame, 4);
      this.#outFrames.push(frame);
    } else {
      let line = JSON.stringify(command);
      if (o.compression && line.length >= o.compressionThreshold) {
        // Gzip'd command in `_compressed`; the server inflates it and uses its fields.
        const packed = gzipSync(line).toString("base64");
        line = JSON.stringify({ cmd: command.cmd, reqId: command.reqId, _compressed: packed });
      }
      this.#outText += line + "\n";
    }
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // A microtask without queueMicrotask's per-call AsyncResource (Node).
      void RESOLVED.then(this.#flushTask);
    }
  }

  #flush(): void {
    this.#flushScheduled = false;
    const socket = this.#socket;
    if (!socket) return;
    if (this.#outText.length > 0) {
      const text = this.#outText;
      this.#outText = "";
      socket.write(text);
    }
    if (this.#outFrames.length > 0) {
      const frames = this.#outFrames;
      this.#outFrames = [];
      socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    }
  }

  #onText(chunk: string): void {
    // Only the new chunk is searched for the end of a line: a long reply spread over
    // many chunks is not rescanned from its start each time.
    let nl = chunk.indexOf("\n");
    if (nl === -1) {
      this.#inText += chunk;
      return;
    }
    const text = this.#inText.length > 0 ? this.#inText + chunk : chunk;
    nl += text.length - chunk.length;
    let start = 0;
    while (nl !== -1) {
      if (nl > start) {
        const line = text.slice(start, nl);
        if (line.trim().length > 0) this.#dispatchText(line);
      }
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    this.#inText = start < text.length ? text.slice(start) : "";
  }

  #dispatchText(line: string): void {
    let reply: Reply;
    try {
      reply = JSON.parse(line);
    } catch {
      this.#opts.debug?.("Unparsable reply line", line.slice(0, 200));
      return;
    }
    this.#dispatch(reply);
  }

  /**
   * Frames in `chunk[0, end)`. `reused`: the chunk is the connection's read buffer
   * (`onread`), overwritten by the next read — whatever is kept is copied first.
   */
  #onBinary(chunk: Buffer, end: number, reused: boolean): void {
    // A frame larger than the chunks that carry it is gathered in a list and joined
    // once it is complete (no repeated re-copying of a growing buffer).
    if (this.#inParts.length > 0) {
      this.#inParts.push(reused ? Buffer.from(chunk.subarray(0, end)) : chunk.subarray(0, end));
      this.#inPartsLen += end;
      if (this.#inPartsLen < this.#inNeed) return;
      chunk = Buffer.concat(this.#inParts, this.#inPartsLen);
      end = chunk.length;
      reused = false;
      this.#inParts = [];
      this.#inPartsLen = 0;
    } else if (this.#inBin) {
      chunk = Buffer.concat([this.#inBin, chunk.subarray(0, end)]);
      end = chunk.length;
      reused = false;
      this.#inBin = null;
    }
    const buf = chunk;
    let off = 0;
    while (end - off >= 4) {
      const len = buf.readUInt32BE(off);
      if (len > MAX_FRAME_SIZE) {
        this.#opts.debug?.("Oversized frame from server", len);
        this.#socket?.destroy();
        return;
      }
      if (end - off - 4 < len) {
        const rest = buf.subarray(off, end);
        this.#inParts = [reused ? Buffer.from(rest) : rest];
        this.#inPartsLen = end - off;
        this.#inNeed = 4 + len;
        return;
      }
      let reply: Reply | undefined;
      try {
        // Read in place (no per-frame Buffer view); msgpackr gets a view when needed.
        const fast = decode(buf, off + 4, off + 4 + len);
        reply = (fast === FALLBACK ? unpackr.unpack(buf.subarray(off + 4, off + 4 + len)) : fast) as Reply;
      } catch (err) {
        this.#opts.debug?.("Undecodable frame", err);
      }
      off += 4 + len;
      if (reply) this.#dispatch(reply);
    }
    if (off < end) this.#inBin = reused ? Buffer.from(buf.subarray(off, end)) : buf.subarray(off, end);
  }

  #onRead(n: number, buf: Buffer): boolean {
    if (n > 0) this.#onBinary(buf, n, true);
    return true;
  }

  #dispatch(reply: Reply): void {
    const reqId = reply.reqId;
    const p = typeof reqId === "string" ? this.#pending.get(reqId) : undefined;
    if (!p) {
      this.#opts.debug?.("Reply without a matching request", reply);
      return;
    }
    this.#pending.delete(reqId);
    p.resolve(reply);
  }

  #onClosed(): void {
    const wasOpen = this.#open;
    this.#open = false;
    this.#socket = null;
    this.#inText = "";
    this.#inBin = null;
    this.#inParts = [];
    this.#inPartsLen = 0;
    this.#outText = "";
    this.#outFrames = [];
    this.#disarmSweep();
    if (this.#pending.size > 0) {
      const err = new ConnectionError("Connection closed", "CONNECTION_CLOSED");
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    }
    if (wasOpen && !this.#closing) this.onLost?.(new ConnectionError("Connection lost", "CONNECTION_CLOSED"));
  }
}
