/**
 * PUSH and PUSHB frames decoded with each job's payload kept as received.
 *
 * A job's `data` of {@link RAW_MIN_BYTES} or more (as encoded) becomes a {@link RawData}:
 * its bytes are copied out of the frame but not decoded, and a pull over MessagePack
 * writes them back verbatim. For real payloads (hundreds of bytes of nested fields)
 * decoding and re-encoding them was most of the server's work per job, and the decoded
 * objects most of its heap and GC. Smaller payloads are decoded as before: for them the
 * JS value is the smaller and cheaper form.
 *
 * Everything else in the frame is decoded to what msgpackr would return. The fast
 * path covers the SDK's frames and those of msgpackr's defaults (`cmd` first, string
 * keys, no extension or binary types); for any other frame, or anything unusual,
 * {@link decodePushFrame} returns `undefined` and the caller decodes the frame with
 * msgpackr as usual, so errors are reported exactly as before.
 */
import { MAX_JOB_DATA_SIZE } from "../../core/validation.ts";
import { RawData, RawDataMidInts } from "./raw-data.ts";

/** Payloads at least this large (encoded) are kept as received. */
export const RAW_MIN_BYTES = 64;
/**
 * ...and at most this large. A larger payload is decoded, so the engine's size limit
 * is checked on its exact JSON size (for a kept one, the engine's cheap bound — six
 * bytes per encoded byte — is then always far below the limit and always an upper bound).
 */
export const RAW_MAX_BYTES = Math.floor(MAX_JOB_DATA_SIZE / 8);

/** Thrown inside the parser: the frame needs msgpackr. */
const BAIL = new Error("not a plain push frame");

let src: Buffer = Buffer.alloc(0);
let pos = 0;
let end = 0;
/** {@link skip} met a positive fixint 64–127. */
let midInts = false;

/**
 * Decode a PUSH or PUSHB request frame (the MessagePack body, without its length
 * prefix), keeping large payloads as {@link RawData}; `undefined` when the frame is
 * anything else, or a batch of payloads too small to be worth keeping.
 */
export function decodePushFrame(body: Buffer): Record<string, unknown> | undefined {
  if (body.length < RAW_MIN_BYTES + 16) return undefined;
  // A map (fixmap, or map16 as msgpackr writes without `variableMapSize`) whose first
  // entry is cmd: "PUSH" or "PUSHB" (a3 'cmd' a4 'PUSH' / a5 'PUSHB').
  const head = body[0]!;
  let keys: number;
  let c: number;
  if (head >= 0x82 && head <= 0x8f) {
    keys = head & 0x0f;
    c = 1;
  } else if (head === 0xde) {
    keys = body.readUInt16BE(1);
    c = 3;
  } else return undefined;
  if (keys < 2 || body[c] !== 0xa3 || body[c + 1] !== 0x63 || body[c + 2] !== 0x6d || body[c + 3] !== 0x64) return undefined;
  const len = body[c + 4];
  if ((len !== 0xa4 && len !== 0xa5) || body[c + 5] !== 0x50 || body[c + 6] !== 0x55 || body[c + 7] !== 0x53 || body[c + 8] !== 0x48) return undefined;
  const batch = len === 0xa5;
  if (batch && body[c + 9] !== 0x42) return undefined;
  src = body;
  pos = c + (batch ? 10 : 9);
  end = body.length;
  try {
    const msg: Record<string, unknown> = { cmd: batch ? "PUSHB" : "PUSH" };
    for (let k = keys - 1; k > 0; k--) {
      const key = readKey();
      if (batch && key === "jobs") msg.jobs = readJobs();
      else if (!batch && key === "data") msg.data = readData();
      else msg[key] = readValue();
    }
    return pos === end ? msg : undefined;
  } catch (err) {
    if (err === BAIL || err instanceof RangeError) return undefined;
    throw err;
  } finally {
    src = EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);

function byte(): number {
  if (pos >= end) throw BAIL;
  return src[pos++]!;
}

/** The length in an array (`fix` 0x90, `h16` 0xdc) or map (0x80, 0xde) header of up to 16 bits. */
function header(fix: number, h16: number): number {
  const h = byte();
  if (h >= fix && h <= fix + 0x0f) return h & 0x0f;
  if (h !== h16) throw BAIL;
  const n = src.readUInt16BE(pos);
  pos += 2;
  return n;
}

/** The items of `jobs`: maps whose `data` goes through {@link readData}. */
function readJobs(): unknown[] {
  const n = header(0x90, 0xdc);
  // Small payloads on average: msgpackr's decoder is the faster path for them.
  if (end - pos < n * RAW_MIN_BYTES) throw BAIL;
  const jobs = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    let keys = header(0x80, 0xde);
    const job: Record<string, unknown> = {};
    for (; keys > 0; keys--) {
      const key = readKey();
      job[key] = key === "data" ? readData() : readValue();
    }
    jobs[i] = job;
  }
  return jobs;
}

/** A payload: kept as received when its size is in range, else decoded. */
function readData(): unknown {
  const start = pos;
  midInts = false;
  skip();
  const n = pos - start;
  if (n >= RAW_MIN_BYTES && n <= RAW_MAX_BYTES) {
    const bytes = src.toString("latin1", start, pos);
    return midInts ? new RawDataMidInts(bytes) : new RawData(bytes);
  }
  pos = start;
  return readValue();
}

/** Step over one value (validating its structure, not its strings). */
function skip(): void {
  let left = 1;
  while (left > 0) {
    left--;
    const b = byte();
    if (b < 0x80) {
      if (b >= 0x40) midInts = true;
      continue;
    }
    if (b >= 0xe0) continue;
    if (b < 0x90) {
      left += (b & 0x0f) * 2;
      continue;
    }
    if (b < 0xa0) {
      left += b & 0x0f;
      continue;
    }
    if (b < 0xc0) {
      pos += b & 0x1f;
      continue;
    }
    switch (b) {
      case 0xc0: case 0xc2: case 0xc3: break;
      case 0xcc: case 0xd0: pos += 1; break;
      case 0xcd: case 0xd1: pos += 2; break;
      case 0xca: case 0xce: case 0xd2: pos += 4; break;
      case 0xcb: case 0xcf: case 0xd3: pos += 8; break;
      case 0xd9: pos += 1 + src.readUInt8(pos); break;
      case 0xda: pos += 2 + src.readUInt16BE(pos); break;
      case 0xdb: pos += 4 + src.readUInt32BE(pos); break;
      case 0xdc: left += src.readUInt16BE(pos); pos += 2; break;
      case 0xdd: left += src.readUInt32BE(pos); pos += 4; break;
      case 0xde: left += 2 * src.readUInt16BE(pos); pos += 2; break;
      case 0xdf: left += 2 * src.readUInt32BE(pos); pos += 4; break;
      default: throw BAIL; // bin, ext (dates, undefined, records...), 0xc1
    }
    if (pos > end) throw BAIL;
  }
}

/** A map key: a string other than `__proto__` (msgpackr renames that one). */
function readKey(): string {
  const b = byte();
  let n: number;
  if (b >= 0xa0 && b <= 0xbf) n = b & 0x1f;
  else if (b === 0xd9) n = byte();
  else throw BAIL;
  if (n === 4 && pos + 4 <= end && src[pos] === 0x64 && src[pos + 1] === 0x61 && src[pos + 2] === 0x74 && src[pos + 3] === 0x61) {
    pos += 4;
    return "data";
  }
  const key = readStr(n);
  if (key === "__proto__") throw BAIL;
  return key;
}

function readStr(n: number): string {
  const start = pos;
  pos += n;
  if (pos > end) throw BAIL;
  return src.toString("utf8", start, pos);
}

/** One value, decoded as msgpackr does (`mapsAsObjects`, 64-bit ints as numbers). */
function readValue(): unknown {
  const b = byte();
  if (b < 0x80) return b;
  if (b >= 0xe0) return b - 256;
  if (b < 0x90) return readMap(b & 0x0f);
  if (b < 0xa0) return readArray(b & 0x0f);
  if (b < 0xc0) return readStr(b & 0x1f);
  let v: number;
  switch (b) {
    case 0xc0: return null;
    case 0xc2: return false;
    case 0xc3: return true;
    case 0xca: v = src.readFloatBE(pos); pos += 4; return v;
    case 0xcb: v = src.readDoubleBE(pos); pos += 8; return v;
    case 0xcc: return byte();
    case 0xcd: v = src.readUInt16BE(pos); pos += 2; return v;
    case 0xce: v = src.readUInt32BE(pos); pos += 4; return v;
    case 0xcf: v = Number(src.readBigUInt64BE(pos)); pos += 8; return v;
    case 0xd0: v = src.readInt8(pos); pos += 1; return v;
    case 0xd1: v = src.readInt16BE(pos); pos += 2; return v;
    case 0xd2: v = src.readInt32BE(pos); pos += 4; return v;
    case 0xd3: v = Number(src.readBigInt64BE(pos)); pos += 8; return v;
    case 0xd9: return readStr(byte());
    case 0xda: v = src.readUInt16BE(pos); pos += 2; return readStr(v);
    case 0xdb: v = src.readUInt32BE(pos); pos += 4; return readStr(v);
    case 0xdc: v = src.readUInt16BE(pos); pos += 2; return readArray(v);
    case 0xdd: v = src.readUInt32BE(pos); pos += 4; return readArray(v);
    case 0xde: v = src.readUInt16BE(pos); pos += 2; return readMap(v);
    case 0xdf: v = src.readUInt32BE(pos); pos += 4; return readMap(v);
    default: throw BAIL;
  }
}

function readArray(n: number): unknown[] {
  if (n > end - pos) throw BAIL; // every item takes a byte at least
  const a = new Array<unknown>(n);
  for (let i = 0; i < n; i++) a[i] = readValue();
  return a;
}

function readMap(n: number): Record<string, unknown> {
  if (n * 2 > end - pos) throw BAIL;
  const o: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const k = readKey();
    o[k] = readValue();
  }
  return o;
}
