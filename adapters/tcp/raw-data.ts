/**
 * A job's `data` kept as the MessagePack bytes it arrived in (see push-frame.ts).
 *
 * The bytes sit in a one-byte (latin1) string: one heap object without a backing store,
 * cheap for the GC to trace, and not a view that would keep the whole request frame
 * alive. The binary reply writer copies them back verbatim (msgpack-writer.ts), so a job
 * pulled over MessagePack costs the server no decode and no encode of its payload.
 * Everything else sees the value: `toJSON` decodes it, so JSON replies, HTTP, events
 * and PostgreSQL storage (all `JSON.stringify`) are unchanged.
 */
import { unpackr } from "./codec.ts";

export class RawData {
  /** The encoded value, one char per byte. */
  readonly bytes: string;

  constructor(bytes: string) {
    this.bytes = bytes;
  }

  /**
   * Whether the bytes hold no positive fixint 64–127, so they can go verbatim into a
   * frame that uses msgpackr's record extension, where those bytes name records.
   */
  get recordSafe(): boolean {
    return true;
  }

  /** Encoded size in bytes. */
  get byteLength(): number {
    return this.bytes.length;
  }

  /** The decoded value (a fresh copy on every call). */
  toJSON(): unknown {
    return unpackr.unpack(Buffer.from(this.bytes, "latin1"));
  }
}

/** Kept bytes with a positive fixint 64–127 somewhere (see {@link RawData.recordSafe}). */
export class RawDataMidInts extends RawData {
  override get recordSafe(): boolean {
    return false;
  }
}
