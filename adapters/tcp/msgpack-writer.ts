/**
 * A MessagePack writer for replies: writes straight into one shared arena buffer and
 * hands out each finished frame as a view of it (no per-reply allocation, no copy
 * when a connection's frames lie next to each other). The output follows msgpackr's
 * rules with `useRecords: false, variableMapSize: true, encodeUndefinedAsNil: true`
 * byte for byte for plain values (null/undefined, booleans, numbers, strings,
 * arrays, plain objects); a payload kept as received ({@link RawData}) is copied in
 * verbatim; anything else (Date, Map, Buffer, bigint, class instances, `toJSON`) is
 * encoded by msgpackr itself and copied in.
 *
 * Frames are written whole and synchronously, so replies of different connections
 * never interleave inside a frame; a view stays valid because the arena only moves
 * forward (a full arena is replaced, never rewritten).
 */
import { packr } from "./codec.ts";
import { RawData } from "./raw-data.ts";

const ARENA_BYTES = 1024 * 1024;

let buf: Buffer = Buffer.allocUnsafe(ARENA_BYTES);
let view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
/**
 * Positive ints below this are written as one byte: 0x80 normally, 0x40 while a
 * record-extension frame is written (bytes 0x40-0x7f then name records).
 */
let fixMax = 0x80;
/** Start of the frame being written. */
let start = 0;
/** Write position. */
let pos = 0;

/** Make room for `n` more bytes; moves the frame in progress to a fresh arena when needed. */
export function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  const used = pos - start;
  const next = Buffer.allocUnsafe(Math.max(ARENA_BYTES, (used + n) * 2));
  buf.copy(next, 0, start, pos);
  buf = next;
  view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  start = 0;
  pos = used;
}

function newArena(): void {
  buf = Buffer.allocUnsafe(ARENA_BYTES);
  view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  start = 0;
  pos = 0;
}

/** Begin a frame: reserves its 4-byte length prefix. */
export function beginFrame(): void {
  start = pos;
  ensure(4);
  pos += 4;
}

/** Finish the frame begun last: fills in its length and returns it (prefix included). */
export function endFrame(): Buffer {
  view.setUint32(start, pos - start - 4);
  const out = buf.subarray(start, pos);
  start = pos;
  // An arena grown for one huge reply is not kept: it is freed once that reply is written.
  if (buf.length > 4 * ARENA_BYTES) newArena();
  return out;
}

/**
 * Record mode on/off (msgpackr's record extension, see job-msgpack.ts): ints 64-127
 * are then written as uint8, because their one-byte forms name records.
 */
export function setRecordMode(on: boolean): void {
  fixMax = on ? 0x40 : 0x80;
}

/** Abandon the frame in progress (e.g. the value could not be encoded). */
export function abortFrame(): void {
  pos = start;
}

/** Copy encoded bytes in. */
export function writeRaw(bytes: Uint8Array): void {
  ensure(bytes.length);
  buf.set(bytes, pos);
  pos += bytes.length;
}

/** Bytes held one per char in a latin1 string (a {@link RawData}). */
function writeLatin1(s: string): void {
  ensure(s.length);
  pos += buf.write(s, pos, s.length, "latin1");
}

/** nil */
export function writeNil(): void {
  ensure(1);
  buf[pos++] = 0xc0;
}

/** A number, as msgpackr writes it (ints ≤ 32 bits as ints, anything else as float64). */
export function writeNumber(v: number): void {
  ensure(9);
  if (v >>> 0 === v) {
    if (v < fixMax) buf[pos++] = v;
    else if (v < 0x100) {
      buf[pos++] = 0xcc;
      buf[pos++] = v;
    } else if (v < 0x10000) {
      buf[pos++] = 0xcd;
      buf[pos++] = v >> 8;
      buf[pos++] = v & 0xff;
    } else {
      buf[pos++] = 0xce;
      view.setUint32(pos, v);
      pos += 4;
    }
  } else if (v >> 0 === v) {
    if (v >= -0x20) buf[pos++] = 0x100 + v;
    else if (v >= -0x80) {
      buf[pos++] = 0xd0;
      buf[pos++] = v + 0x100;
    } else if (v >= -0x8000) {
      buf[pos++] = 0xd1;
      view.setInt16(pos, v);
      pos += 2;
    } else {
      buf[pos++] = 0xd2;
      view.setInt32(pos, v);
      pos += 4;
    }
  } else {
    buf[pos++] = 0xcb;
    view.setFloat64(pos, v);
    pos += 8;
  }
}

/** A string (UTF-8; short ASCII strings are copied by hand). */
export function writeString(s: string): void {
  const len = s.length;
  ensure(len * 3 + 5);
  if (len < 0x20) {
    // Optimistic fixstr: bail out to the general path at the first non-ASCII char.
    const at = pos;
    let p = at + 1;
    let i = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[p++] = c;
    }
    if (i === len) {
      buf[at] = 0xa0 | len;
      pos = p;
      return;
    }
  }
  // Header sized by the worst case, moved down when the real length is shorter.
  const head = len * 3 < 0x20 ? 1 : len * 3 < 0x100 ? 2 : len * 3 < 0x10000 ? 3 : 5;
  const n = buf.write(s, pos + head);
  const need = n < 0x20 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
  if (need < head) buf.copyWithin(pos + need, pos + head, pos + head + n);
  if (need === 1) buf[pos] = 0xa0 | n;
  else if (need === 2) {
    buf[pos] = 0xd9;
    buf[pos + 1] = n;
  } else if (need === 3) {
    buf[pos] = 0xda;
    view.setUint16(pos + 1, n);
  } else {
    buf[pos] = 0xdb;
    view.setUint32(pos + 1, n);
  }
  pos += need + n;
}

/** An array header. */
export function writeArrayHeader(n: number): void {
  ensure(5);
  if (n < 0x10) buf[pos++] = 0x90 | n;
  else if (n < 0x10000) {
    buf[pos++] = 0xdc;
    buf[pos++] = n >> 8;
    buf[pos++] = n & 0xff;
  } else {
    buf[pos++] = 0xdd;
    view.setUint32(pos, n);
    pos += 4;
  }
}

/** A map header. */
export function writeMapHeader(n: number): void {
  ensure(5);
  if (n < 0x10) buf[pos++] = 0x80 | n;
  else if (n < 0x10000) {
    buf[pos++] = 0xde;
    buf[pos++] = n >> 8;
    buf[pos++] = n & 0xff;
  } else {
    buf[pos++] = 0xdf;
    view.setUint32(pos, n);
    pos += 4;
  }
}

/** Any value. */
export function writeValue(v: unknown): void {
  switch (typeof v) {
    case "string":
      writeString(v);
      return;
    case "number":
      writeNumber(v);
      return;
    case "boolean":
      ensure(1);
      buf[pos++] = v ? 0xc3 : 0xc2;
      return;
    case "undefined":
      writeNil();
      return;
    case "object":
      if (v === null) writeNil();
      else if (Array.isArray(v)) writeArray(v);
      else if ((v as object).constructor === Object && (v as { toJSON?: unknown }).toJSON === undefined) writeObject(v as Record<string, unknown>);
      else if (v instanceof RawData) writeLatin1(v.bytes);
      else writeRaw(packr.pack(v));
      return;
    default:
      writeRaw(packr.pack(v));
  }
}

function writeArray(a: unknown[]): void {
  const n = a.length;
  writeArrayHeader(n);
  for (let i = 0; i < n; i++) writeValue(a[i]);
}

/** A plain object as a map with its own enumerable string keys (as msgpackr). */
export function writeObject(o: Record<string, unknown>): void {
  const keys = Object.keys(o);
  const n = keys.length;
  writeMapHeader(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    writeString(k);
    writeValue(o[k]);
  }
}

/** A map key encoded once: whole 32-bit big-endian words, then the remaining bytes. */
export interface EncodedKey {
  words: Int32Array;
  tail: Uint8Array;
  length: number;
}

/** Write a pre-encoded key (see {@link encodeKey}): a few word stores, no per-byte loop. */
export function writeKey(k: EncodedKey): void {
  if (pos + k.length > buf.length) ensure(k.length);
  const v = view;
  const w = k.words;
  let p = pos;
  for (let i = 0; i < w.length; i++) {
    v.setInt32(p, w[i]!);
    p += 4;
  }
  const t = k.tail;
  const b = buf;
  for (let i = 0; i < t.length; i++) b[p++] = t[i]!;
  pos = p;
}

/** Encode a string key once, for {@link writeKey}. */
export function encodeKey(k: string): EncodedKey {
  return encodeBytes(packr.pack(k));
}

/** Any fixed byte sequence in the form {@link writeKey} copies. */
export function encodeBytes(raw: Uint8Array): EncodedKey {
  const bytes = Buffer.from(raw);
  const nw = bytes.length >> 2;
  const words = new Int32Array(nw);
  for (let i = 0; i < nw; i++) words[i] = bytes.readInt32BE(i * 4);
  return { words, tail: new Uint8Array(bytes.subarray(nw * 4)), length: bytes.length };
}
