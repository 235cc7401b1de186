/**
 * Replies of one connection waiting for a single socket write. Each reply is encoded
 * when it is queued — so it shows the state at the time of the command, not at the
 * time of the write — and the batch is joined into one buffer/string to write.
 * Binary frames are views of the shared reply arena; frames queued back to back
 * are adjacent there, so joining them is a view too (no copy).
 */
import { ValidationError, errorToWire } from "../../core/errors.ts";
import type { Reply } from "../protocol/commands.ts";
import { encodeReplyFrame } from "./reply-msgpack.ts";

/** Error reply fields for any thrown value. */
export function errorReply(err: unknown): Reply {
  return { ok: false, ...errorToWire(err) };
}

/** Encoded replies, in queue order. */
export class ReplyBatch {
  private readonly binary: boolean;
  private readonly parts: (Buffer | string)[] = [];
  private bytes = 0;
  /** Positions and reqIds of state-changing replies (for a failed commit). */
  private mutating: { index: number; reqId: unknown }[] | null = null;

  constructor(binary: boolean) {
    this.binary = binary;
  }

  get size(): number {
    return this.parts.length;
  }

  /** Whether any reply in the batch changed durable state. */
  get mutates(): boolean {
    return this.mutating !== null;
  }

  /** Encode and append a reply (its `reqId` already set); `records`: see encodeReplyFrame. */
  add(reply: Reply, mutates: boolean, records = false): void {
    if (mutates) (this.mutating ??= []).push({ index: this.parts.length, reqId: reply.reqId });
    this.parts.push(this.encode(reply, records));
  }

  private encode(reply: Reply, records: boolean): Buffer | string {
    try {
      return this.encodeRaw(reply, records);
    } catch (err) {
      // e.g. nesting too deep for the encoder: answer with an error instead of throwing.
      const out = errorReply(new ValidationError(`Reply could not be encoded: ${(err as Error)?.message ?? String(err)}`));
      if (reply.reqId !== undefined) out.reqId = reply.reqId;
      return this.encodeRaw(out);
    }
  }

  private encodeRaw(reply: Reply, records = false): Buffer | string {
    if (this.binary) {
      const p = encodeReplyFrame(reply, records);
      this.bytes += p.length;
      return p;
    }
    return JSON.stringify(reply) + "\n";
  }

  /** The commit failed: every state-changing reply becomes that error. */
  failMutating(err: unknown): void {
    for (const m of this.mutating ?? []) {
      const e = errorReply(err);
      if (m.reqId !== undefined && m.reqId !== null) e.reqId = m.reqId;
      const old = this.parts[m.index]!;
      if (typeof old !== "string") this.bytes -= old.length;
      this.parts[m.index] = this.encodeRaw(e);
    }
    this.mutating = null;
  }

  /** Everything to write, as one buffer (binary frames) or one string (JSON lines). */
  join(): Buffer | string {
    if (this.binary) return joinFrames(this.parts as Buffer[], this.bytes);
    const parts = this.parts as string[];
    return parts.length === 1 ? parts[0]! : parts.join("");
  }
}

/** One buffer of `frames`: a view when they are adjacent in memory, else a copy. */
function joinFrames(frames: Buffer[], total: number): Buffer {
  const first = frames[0]!;
  if (frames.length === 1) return first;
  let end = first.byteOffset + first.length;
  for (let i = 1; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.buffer !== first.buffer || f.byteOffset !== end) return Buffer.concat(frames, total);
    end += f.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, total);
}
