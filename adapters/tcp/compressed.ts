/**
 * The SDK's gzip'd commands (`compression: true`, PROTOCOL.md §2.3): a request may
 * carry `_compressed` = base64(gzip(JSON of the full command)). Our SDK sends only
 * `{cmd, reqId, _compressed}`; flashQ's sends the full command as well. Either way
 * the inflated command's fields win and outer fields fill only what it lacks.
 *
 * Bounded like a frame: the inflated text may not exceed {@link MAX_FRAME_BYTES}
 * (zlib stops at that size, so a gzip bomb costs at most one frame's worth).
 * Anything wrong is a ValidationError naming `_compressed`.
 */
import { gunzipSync } from "node:zlib";
import { ValidationError } from "../../core/errors.ts";
import { MAX_FRAME_BYTES } from "./codec.ts";

const FIELD = "_compressed";
/** Standard base64 with padding (what Buffer#toString("base64") writes). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function invalid(why: string): ValidationError {
  return new ValidationError(`Invalid field '${FIELD}': ${why}`, FIELD);
}

/** Inflate `_compressed` into a JSON object (throws a ValidationError naming the field). */
export function inflateCommand(packed: unknown, maxBytes = MAX_FRAME_BYTES): Record<string, unknown> {
  let gz: Uint8Array;
  if (typeof packed === "string") {
    if (!BASE64.test(packed)) throw invalid("not valid base64");
    gz = Buffer.from(packed, "base64");
  } else if (packed instanceof Uint8Array) {
    gz = packed; // MessagePack bin: the gzip bytes themselves
  } else {
    throw invalid("expected a base64 string of gzip'd JSON");
  }
  let raw: Buffer;
  try {
    raw = gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === "ERR_BUFFER_TOO_LARGE") throw invalid(`inflates to more than ${maxBytes} bytes`);
    throw invalid(`not valid gzip (${e.message ?? String(err)})`);
  }
  let v: unknown;
  try {
    v = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw invalid(`not valid JSON once inflated (${(err as Error).message})`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw invalid("inflated JSON is not an object");
  return v as Record<string, unknown>;
}

/**
 * The command a request stands for: `msg` itself without `_compressed`, or the
 * inflated command with `msg`'s other fields filling only what it lacks. Never
 * inflates twice (a nested `_compressed` is dropped).
 */
export function expandCompressed(msg: Record<string, unknown>, maxBytes = MAX_FRAME_BYTES): Record<string, unknown> {
  const inner = inflateCommand(msg[FIELD], maxBytes);
  delete inner[FIELD];
  for (const k of Object.keys(msg)) {
    // `__proto__` as an own key (JSON.parse makes one) must not become a prototype.
    if (k === FIELD || k === "__proto__" || Object.hasOwn(inner, k)) continue;
    inner[k] = msg[k];
  }
  return inner;
}
