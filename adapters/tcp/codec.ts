/**
 * MessagePack coder instances, created once and reused (PROTOCOL.md §2.2): maps with
 * string keys both ways (`useRecords: false`), 64-bit ints decoded as numbers.
 */
import { Packr, Unpackr } from "msgpackr";

/** Max bytes of one binary frame or JSON line (16 MiB). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Shared encoder: replies as plain maps; `undefined` as nil (standard decoders know no ext 0). */
export const packr = new Packr({ useRecords: false, variableMapSize: true, encodeUndefinedAsNil: true });
/** Shared decoder: maps as plain objects. */
export const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" });

/** Try to read a `reqId` out of a malformed JSON line, so the error can carry it. */
export function sniffReqId(text: string): string | undefined {
  const m = /"reqId"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  return m ? m[1] : undefined;
}
