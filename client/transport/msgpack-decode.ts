/**
 * A MessagePack decoder specialised for this protocol's replies: maps with string keys
 * whose key sets repeat (every job has the same ~33 fields). After a key set has been
 * seen, maps with it are built by a generated function that reads the values into
 * locals and returns one object literal — a single hidden class, no per-key stores —
 * after checking each key's bytes in place. Anything unusual (extension types, odd
 * keys) makes {@link decode} return `FALLBACK`, and the caller uses msgpackr instead.
 *
 * msgpackr's record extension (`d4 72 <id>` + an array of keys + the values; later
 * objects: the byte `<id>` + the values — what the server sends for `records: true`
 * pulls) is read here too: the key array is compared in place with the cached ones,
 * so a reply with the usual job keys reuses one generated builder instead of msgpackr
 * compiling a reader per reply. Records are scoped to their frame, as in msgpackr.
 *
 * Why: msgpackr without records builds maps key by key; for job-heavy replies that was
 * about half of a Worker's client CPU (profile: `readMap` + GC), twice JSON.parse's cost.
 */

/** Returned when the frame needs the general decoder. */
export const FALLBACK: unique symbol = Symbol("fallback");

class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported("unsupported msgpack");

let src: Uint8Array = new Uint8Array(0);
let pos = 0;
/** End (exclusive) of the frame being decoded within `src`. */
let srcEnd = 0;
let view: DataView = new DataView(new ArrayBuffer(8));
const utf8 = new TextDecoder();

/** A generated builder of one key set. */
interface Shape {
  keys: string[];
  /** Encoded keys (header + bytes), compared in place. */
  enc: Uint8Array[];
  /** Reads the map's entries at `pos` (keys checked, values read) and returns the object. */
  build: () => unknown;
}

const MAX_SHAPES = 512;
let shapeCount = 0;
/** Shapes by map length; a few per length, tried by their first key. */
const shapes: Shape[][] = [];

/** A record (msgpackr extension "r"): its encoded key array and its builder. */
interface RecordShape {
  enc: Uint8Array;
  build: () => unknown;
}
const MAX_RECORD_SHAPES = 16;
/** Key sets seen in record definitions (the job's 32 keys, usually). */
const recordShapes: RecordShape[] = [];
/** Records defined in the current frame, by id & 0x3f (null: none yet). */
let frameRecords: Array<RecordShape | undefined> | null = null;

/**
 * Decode one frame — `buf[start, end)`, the whole of `buf` by default, so frames are
 * read in place in a socket chunk; `FALLBACK` when it uses something this decoder
 * does not handle.
 */
export function decode(buf: Uint8Array, start = 0, end = buf.length): unknown | typeof FALLBACK {
  // Frames of one chunk share its DataView.
  if (buf !== src) view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  src = buf;
  pos = start;
  srcEnd = end;
  frameRecords = null;
  try {
    const v = read();
    return pos === end ? v : FALLBACK;
  } catch (err) {
    if (err === UNSUPPORTED || err instanceof RangeError) return FALLBACK;
    throw err;
  }
}

function read(): unknown {
  const b = src[pos++]!;
  if (b < 0x80) {
    if (b >= 0x40 && frameRecords !== null) {
      const rec = frameRecords[b & 0x3f];
      if (rec !== undefined) return rec.build();
    }
    return b;
  }
  if (b < 0x90) return readMap(b & 0x0f);
  if (b < 0xa0) return readArray(b & 0x0f);
  if (b < 0xc0) return readStr(b & 0x1f);
  if (b >= 0xe0) return b - 256;
  let v: number;
  switch (b) {
    case 0xc0: return null;
    case 0xc2: return false;
    case 0xc3: return true;
    case 0xca: v = view.getFloat32(pos); pos += 4; return v;
    case 0xcb: v = view.getFloat64(pos); pos += 8; return v;
    case 0xcc: return src[pos++]!;
    case 0xcd: v = view.getUint16(pos); pos += 2; return v;
    case 0xce: v = view.getUint32(pos); pos += 4; return v;
    case 0xcf: v = view.getUint32(pos) * 4294967296 + view.getUint32(pos + 4); pos += 8; return v;
    case 0xd0: v = view.getInt8(pos); pos += 1; return v;
    case 0xd1: v = view.getInt16(pos); pos += 2; return v;
    case 0xd2: v = view.getInt32(pos); pos += 4; return v;
    case 0xd3: v = view.getInt32(pos) * 4294967296 + view.getUint32(pos + 4); pos += 8; return v;
    case 0xd4: return readRecordDefinition();
    case 0xd9: return readStr(src[pos++]!);
    case 0xda: v = view.getUint16(pos); pos += 2; return readStr(v);
    case 0xdb: v = view.getUint32(pos); pos += 4; return readStr(v);
    case 0xdc: v = view.getUint16(pos); pos += 2; return readArray(v);
    case 0xdd: v = view.getUint32(pos); pos += 4; return readArray(v);
    case 0xde: v = view.getUint16(pos); pos += 2; return readMap(v);
    case 0xdf: v = view.getUint32(pos); pos += 4; return readMap(v);
    default: throw UNSUPPORTED; // bin, ext (undefined, dates, records...): msgpackr handles them
  }
}

function readStr(len: number): string {
  const end = pos + len;
  if (end > srcEnd) throw new RangeError("truncated string");
  const p = pos;
  if (len <= 8) {
    // Short ASCII strings in one allocation (job fields repeat many of them).
    const s = src;
    let ascii = true;
    for (let i = p; i < end; i++) if (s[i]! >= 0x80) ascii = false;
    if (ascii) {
      pos = end;
      switch (len) {
        case 0: return "";
        case 1: return String.fromCharCode(s[p]!);
        case 2: return String.fromCharCode(s[p]!, s[p + 1]!);
        case 3: return String.fromCharCode(s[p]!, s[p + 1]!, s[p + 2]!);
        case 4: return String.fromCharCode(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!);
        case 5: return String.fromCharCode(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!);
        case 6: return String.fromCharCode(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!);
        case 7: return String.fromCharCode(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!);
        default:
          return String.fromCharCode(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!);
      }
    }
  }
  if (len < 64) {
    // ASCII: one flat string from the bytes (not one intermediate string per char).
    let ascii = true;
    for (let i = p; i < end; i++) {
      if (src[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    const view = src.subarray(p, end);
    pos = end;
    return ascii ? String.fromCharCode.apply(null, view as unknown as number[]) : utf8.decode(view);
  }
  const str = utf8.decode(src.subarray(p, end));
  pos = end;
  return str;
}

function readArray(n: number): unknown[] {
  const a = new Array<unknown>(n);
  for (let i = 0; i < n; i++) a[i] = read();
  return a;
}

/**
 * `d4 72 <id>` was read up to `d4`: a record definition (ids 0x40-0x7f), then the first
 * object's values. Other one-byte extensions go to msgpackr.
 */
function readRecordDefinition(): unknown {
  if (src[pos] !== 0x72) throw UNSUPPORTED;
  const id = src[pos + 1]!;
  if (id < 0x40 || id > 0x7f) throw UNSUPPORTED;
  pos += 2;
  const start = pos;
  skipKeyArray();
  const end = pos;
  let rec: RecordShape | undefined;
  for (let i = 0; i < recordShapes.length; i++) {
    const r = recordShapes[i]!;
    if (r.enc.length !== end - start) continue;
    const e = r.enc;
    let same = true;
    for (let j = 0; j < e.length; j++) {
      if (src[start + j] !== e[j]) {
        same = false;
        break;
      }
    }
    if (same) {
      rec = r;
      break;
    }
  }
  if (rec === undefined) {
    pos = start;
    const keys = read();
    if (!Array.isArray(keys)) throw UNSUPPORTED;
    rec = makeRecord(keys, copyOf(start, end));
  }
  (frameRecords ??= [])[id & 0x3f] = rec;
  return rec.build();
}

/** Advance past an array of strings (a record's keys); anything else is unsupported. */
function skipKeyArray(): void {
  const h = src[pos++]!;
  let n: number;
  if (h >= 0x90 && h < 0xa0) n = h & 0x0f;
  else if (h === 0xdc) {
    n = view.getUint16(pos);
    pos += 2;
  } else throw UNSUPPORTED;
  for (let i = 0; i < n; i++) {
    const b = src[pos++]!;
    let len: number;
    if (b >= 0xa0 && b < 0xc0) len = b & 0x1f;
    else if (b === 0xd9) len = src[pos++]!;
    else if (b === 0xda) {
      len = view.getUint16(pos);
      pos += 2;
    } else throw UNSUPPORTED;
    pos += len;
  }
  if (pos > srcEnd) throw new RangeError("truncated record definition");
}

/** A builder reading the values of `keys` in order into one object literal. */
function makeRecord(keys: unknown[], enc: Uint8Array): RecordShape {
  if (keys.length === 0 || keys.length > 64) throw UNSUPPORTED;
  for (const k of keys) if (typeof k !== "string" || k === "__proto__") throw UNSUPPORTED;
  if (new Set(keys).size !== keys.length) throw UNSUPPORTED;
  let build: () => unknown;
  try {
    const body = "return{" + keys.map((k) => `${JSON.stringify(k)}:read()`).join(",") + "};";
    build = new Function("read", `return function(){${body}}`)(read) as () => unknown;
  } catch {
    throw UNSUPPORTED; // no code generation here (e.g. CSP): msgpackr reads records
  }
  const rec = { enc, build };
  if (recordShapes.length >= MAX_RECORD_SHAPES) recordShapes.shift();
  recordShapes.push(rec);
  return rec;
}

/**
 * A copy of `src[start, end)` — a cached shape must not keep a view of the source:
 * on Node the source is a buffer whose slice() is a view, and the SDK reuses its read buffer.
 */
function copyOf(start: number, end: number): Uint8Array {
  return Uint8Array.prototype.slice.call(src, start, end);
}

/** Compare the encoded key `enc` with the bytes at `pos`; advance past it on a match. */
function keyAt(enc: Uint8Array): boolean {
  const n = enc.length;
  if (pos + n > srcEnd) return false;
  for (let i = 0; i < n; i++) if (src[pos + i] !== enc[i]) return false;
  pos += n;
  return true;
}

function readMap(n: number): unknown {
  const list = shapes[n];
  if (list !== undefined) {
    for (let s = 0; s < list.length; s++) {
      const shape = list[s]!;
      if (keyAt(shape.enc[0]!)) {
        pos -= shape.enc[0]!.length;
        return shape.build();
      }
    }
  }
  return readMapGeneric(n);
}

/** Generic map read; remembers the key set as a new shape when it qualifies. */
function readMapGeneric(n: number): unknown {
  const obj: Record<string, unknown> = {};
  const keys: string[] = [];
  const enc: Uint8Array[] = [];
  let shapeable = n > 0 && n <= 64;
  for (let i = 0; i < n; i++) {
    const start = pos;
    const k = read();
    if (typeof k !== "string") throw UNSUPPORTED;
    if (k === "__proto__") shapeable = false;
    if (shapeable) {
      keys.push(k);
      enc.push(copyOf(start, pos));
    }
    Object.defineProperty(obj, k, { value: read(), writable: true, enumerable: true, configurable: true });
  }
  if (shapeable && shapeCount < MAX_SHAPES && new Set(keys).size === n) addShape(n, keys, enc);
  return obj;
}

/** A map whose i-th key did not match its shape: keep values 0..i-1, read the rest generically. */
function finishMap(keys: string[], i: number, vals: unknown[], n: number): unknown {
  const obj: Record<string, unknown> = {};
  for (let j = 0; j < i; j++) obj[keys[j]!] = vals[j];
  for (let j = i; j < n; j++) {
    const k = read();
    if (typeof k !== "string") throw UNSUPPORTED;
    // Plain stores (cheap); __proto__ as an own data property, never the prototype.
    if (k === "__proto__") Object.defineProperty(obj, k, { value: read(), writable: true, enumerable: true, configurable: true });
    else obj[k] = read();
  }
  return obj;
}

function addShape(n: number, keys: string[], enc: Uint8Array[]): void {
  let build: Shape["build"];
  try {
    // A factory closing over the encoded keys; the builder has no per-call allocations
    // besides the object: v0..vN are locals and the literal gives one hidden class.
    let body = "";
    for (let i = 0; i < n; i++) {
      const seen = Array.from({ length: i }, (_, j) => `v${j}`).join(",");
      body += `if(!keyAt(e${i}))return finish(keys,${i},[${seen}],${n});const v${i}=read();`;
    }
    body += "return{" + keys.map((k, i) => `${JSON.stringify(k)}:v${i}`).join(",") + "};";
    const consts = keys.map((_, i) => `e${i}=e[${i}]`).join(",");
    const factory = new Function("e", "keys", "keyAt", "read", "finish", `const ${consts};return function(){${body}}`);
    build = factory(enc, keys, keyAt, read, finishMap) as Shape["build"];
  } catch {
    shapeCount = MAX_SHAPES; // no code generation here (e.g. CSP): stay generic
    return;
  }
  const list = (shapes[n] ??= []);
  if (list.length >= 4) list.shift();
  list.push({ keys, enc, build });
  shapeCount++;
}
