/**
 * One TCP connection: picks the framing from the first byte (`{`, `\n`, `\r` → JSON
 * lines; anything else → 4-byte length + MessagePack), decodes requests without
 * copying where possible, dispatches each through the command table, and writes the
 * replies of one read-chunk with one socket write.
 *
 * A request carrying `_compressed` (the SDK's gzip'd command) is inflated first
 * (compressed.ts), bounded like a frame.
 *
 * Pipelining: requests are handled in arrival order; blocking commands (PULL,
 * PULLB, WAITJOB) answer later without holding up the rest — replies are matched by
 * `reqId`, so they may go out of order. Commit-before-reply: when storage is
 * durable, the replies of a chunk that changed state wait for `engine.settled()`.
 */
import type { Socket } from "node:net";
import type { EngineApi } from "../../core/engine-api.ts";
import { AuthenticationError, ValidationError } from "../../core/errors.ts";
import { LATER, commandOf, run, type CommandContext, type Reply } from "../protocol/commands.ts";
import { MAX_FRAME_BYTES, sniffReqId, unpackr } from "./codec.ts";
import { ReplyBatch, errorReply } from "./reply-batch.ts";
import { expandCompressed } from "./compressed.ts";
import { decodePushFrame } from "./push-frame.ts";
import { tokenMatches } from "../auth.ts";
import type { KvStore } from "../protocol/kv-store.ts";

/** What every connection of one server shares. */
export interface ConnectionShared {
  engine: EngineApi;
  /** Tokens; empty = auth disabled. */
  authTokens: string[];
  /** Await `engine.settled()` before replying to state changes. */
  durable: boolean;
  /** Log an unexpected (non-FlashQError) failure. */
  onInternalError?: (err: unknown) => void;
  /** The server's key-value store (KV* commands). */
  kv?: KvStore;
}

const MODE_UNKNOWN = 0;
const MODE_JSON = 1;
const MODE_BINARY = 2;

let nextConnection = 1;
const RESOLVED = Promise.resolve();

/** Handles one accepted socket until it closes. */
export class Connection {
  private readonly socket: Socket;
  private readonly shared: ConnectionShared;
  private readonly ctx: CommandContext;
  private mode = MODE_UNKNOWN;
  private authed: boolean;
  private closed = false;
  /** Buffered bytes of an incomplete line/frame. */
  private pending: Buffer[] = [];
  private pendingLen = 0;
  /** JSON mode: discarding the rest of an oversize line. */
  private skipping = false;
  /** Encoded replies waiting for the next flush. */
  private out: ReplyBatch | null = null;
  private inChunk = false;
  private flushQueued = false;
  private readonly flushTask = (): void => {
    this.flushQueued = false;
    this.flush();
  };
  /**
   * The reply of a blocking pull, when its jobs arrive. That is usually inside another
   * connection's request — the push that made them ready — so it is written at once,
   * before that push's own reply: the worker gets its job one write earlier.
   */
  private readonly later = (request: Record<string, unknown>, reply: Reply): void => {
    const outside = !this.inChunk;
    this.inChunk = true; // so queue() does not schedule a flush of its own
    this.queue(request.reqId, reply, false, request.records === true);
    if (outside) {
      this.inChunk = false;
      this.flush();
    }
  };

  constructor(socket: Socket, shared: ConnectionShared) {
    this.socket = socket;
    this.shared = shared;
    this.ctx = { owner: `tcp-${nextConnection++}`, kv: shared.kv, later: this.later, current: undefined };
    this.authed = shared.authTokens.length === 0;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("drain", () => socket.resume());
    socket.on("error", () => this.onClose());
    socket.on("close", () => this.onClose());
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.out = null;
    this.shared.engine.releaseOwner(this.ctx.owner);
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    if (this.mode === MODE_UNKNOWN) {
      const b = chunk[0];
      this.mode = b === 0x7b || b === 0x0a || b === 0x0d ? MODE_JSON : MODE_BINARY;
    }
    this.inChunk = true;
    try {
      if (this.mode === MODE_JSON) this.readJson(chunk);
      else this.readBinary(chunk);
      this.inChunk = false;
      this.flush();
    } catch (err) {
      // A bug must cost this connection at most, never the process.
      this.inChunk = false;
      this.shared.onInternalError?.(err);
      this.socket.destroy();
      this.onClose();
    }
  }

  /** Join buffered bytes with `chunk` (one copy, only when something was buffered). */
  private joined(chunk: Buffer): Buffer {
    if (this.pendingLen === 0) return chunk;
    this.pending.push(chunk);
    const all = Buffer.concat(this.pending, this.pendingLen + chunk.length);
    this.pending = [];
    this.pendingLen = 0;
    return all;
  }

  private keep(buf: Buffer): void {
    this.pending.push(buf);
    this.pendingLen += buf.length;
  }

  private readJson(chunk: Buffer): void {
    let start = 0;
    if (this.skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      start = nl + 1;
    } else if (this.pendingLen > 0) {
      // Most of a long line is buffered: look for its end in the new bytes only.
      if (chunk.indexOf(10) < 0) {
        if (this.pendingLen + chunk.length > MAX_FRAME_BYTES) return this.lineTooLong();
        this.keep(chunk);
        return;
      }
    }
    const data = start === 0 ? this.joined(chunk) : chunk;
    for (;;) {
      const nl = data.indexOf(10, start);
      if (nl < 0) break;
      let end = nl;
      if (end > start && data[end - 1] === 13) end--;
      if (end > start) this.handleJsonLine(data, start, end);
      start = nl + 1;
      if (this.closed) return;
    }
    if (start < data.length) {
      if (data.length - start > MAX_FRAME_BYTES) return this.lineTooLong();
      this.keep(data.subarray(start));
    }
  }

  private lineTooLong(): void {
    this.pending = [];
    this.pendingLen = 0;
    this.skipping = true;
    this.queue(undefined, errorReply(new ValidationError(`Message too large (max ${MAX_FRAME_BYTES} bytes per line)`)), false);
  }

  private handleJsonLine(data: Buffer, start: number, end: number): void {
    const text = data.toString("utf8", start, end);
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch (err) {
      const e = new ValidationError(`Invalid JSON: ${(err as Error).message}`);
      this.queue(sniffReqId(text), errorReply(e), false);
      return;
    }
    this.handle(msg);
  }

  private readBinary(chunk: Buffer): void {
    if (this.pendingLen > 0) {
      // Wait until the buffered frame is complete before joining (no quadratic copying).
      const have = this.pendingLen + chunk.length;
      const head = this.pending[0]!;
      if (head.length >= 4 && have < 4 + head.readUInt32BE(0)) {
        this.keep(chunk);
        return;
      }
    }
    const data = this.joined(chunk);
    let pos = 0;
    while (data.length - pos >= 4) {
      const len = data.readUInt32BE(pos);
      if (len > MAX_FRAME_BYTES) {
        // The stream cannot be re-synchronised: answer, then close this connection only.
        this.queue(undefined, errorReply(new ValidationError(`Message too large (${len} bytes, max ${MAX_FRAME_BYTES})`)), false);
        this.flush();
        this.closed = true;
        this.socket.end();
        this.shared.engine.releaseOwner(this.ctx.owner);
        return;
      }
      if (data.length - pos - 4 < len) break;
      const body = data.subarray(pos + 4, pos + 4 + len);
      pos += 4 + len;
      let msg: unknown;
      try {
        msg = decodePushFrame(body) ?? unpackr.unpack(body);
      } catch (err) {
        this.queue(undefined, errorReply(new ValidationError(`MessagePack deserialize error: ${(err as Error).message}`)), false);
        continue;
      }
      this.handle(msg);
      if (this.closed) return;
    }
    if (pos < data.length) this.keep(pos === 0 ? data : data.subarray(pos));
  }

  /** Dispatch one decoded request. */
  private handle(msg: unknown): void {
    if (typeof msg !== "object" || msg === null || Array.isArray(msg)) {
      this.queue(undefined, errorReply(new ValidationError("Request must be an object with a 'cmd' field")), false);
      return;
    }
    let m = msg as Record<string, unknown>;
    if (m._compressed !== undefined && m._compressed !== null) {
      // Nothing is inflated for a connection that may not run the command anyway.
      if (!this.authed && m.cmd !== "AUTH") {
        this.queue(m.reqId, errorReply(new AuthenticationError("Authentication required")), false);
        return;
      }
      try {
        m = expandCompressed(m);
      } catch (err) {
        this.queue(m.reqId, this.toError(err), false);
        return;
      }
    }
    const reqId = m.reqId;
    const cmd = m.cmd;
    // Opt-in compact jobs (PULL/PULLB, binary mode): see encodeReplyFrame.
    const records = m.records === true;
    let reply: Reply;
    let mutates = false;
    try {
      if (cmd === "AUTH") reply = this.auth(m.token);
      else {
        if (!this.authed) throw new AuthenticationError("Authentication required");
        const spec = commandOf(cmd);
        this.ctx.current = m;
        const r = run(this.shared.engine, spec, m, this.ctx);
        this.ctx.current = undefined;
        if (r === LATER) return;
        if (typeof (r as Promise<Reply>).then === "function") {
          (r as Promise<Reply>).then(
            (ok) => this.queue(reqId, ok, false, records),
            (err) => this.queue(reqId, this.toError(err), false),
          );
          return;
        }
        reply = r as Reply;
        mutates = spec.mutates;
      }
    } catch (err) {
      this.ctx.current = undefined;
      reply = this.toError(err);
    }
    this.queue(reqId, reply, mutates, records);
  }

  private toError(err: unknown): Reply {
    const reply = errorReply(err);
    if (reply.code === "INTERNAL_ERROR") this.shared.onInternalError?.(err);
    return reply;
  }

  private auth(token: unknown): Reply {
    const tokens = this.shared.authTokens;
    if (tokens.length === 0) return { ok: true };
    if (typeof token === "string" && tokenMatches(tokens, token)) {
      this.authed = true;
      return { ok: true };
    }
    return errorReply(new AuthenticationError("Invalid token"));
  }

  /** Queue a reply; flushed at the end of the current chunk, or in a microtask. */
  private queue(reqId: unknown, reply: Reply, mutates: boolean, records = false): void {
    if (this.closed) return;
    if (reqId !== undefined && reqId !== null) reply.reqId = reqId;
    (this.out ??= new ReplyBatch(this.mode === MODE_BINARY)).add(reply, mutates, records);
    if (!this.inChunk && !this.flushQueued) {
      this.flushQueued = true;
      void RESOLVED.then(this.flushTask); // a microtask without queueMicrotask's per-call AsyncResource
    }
  }

  /** Write queued replies (after the commit, when any of them changed durable state). */
  private flush(): void {
    const batch = this.out;
    if (batch === null || this.closed) return;
    this.out = null;
    if (this.shared.durable && batch.mutates) {
      this.shared.engine.settled().then(
        () => this.write(batch),
        (err) => {
          batch.failMutating(err);
          this.write(batch);
        },
      );
      return;
    }
    this.write(batch);
  }

  private write(batch: ReplyBatch): void {
    if (!this.socket.writable) return;
    // Backpressure: stop reading until the client drains its replies.
    if (!this.socket.write(batch.join())) this.socket.pause();
  }
}
