/**
 * Size of a value as UTF-8 JSON, without serialising on the common path.
 *
 * `jsonSizeExceeds(value, limit)` first walks the value computing an *upper
 * bound* of its JSON size (every string char counted as 6 bytes, the worst case
 * of an escaped char), stopping as soon as the bound passes `limit`. Only when the
 * bound is above the limit is the exact size computed with `JSON.stringify`.
 * Typical payloads (a few fields) cost a short walk instead of a stringify.
 */

/**
 * Returns a number ≤ limit when `value`'s JSON is certainly within `limit` bytes
 * (the number is then an upper bound, not exact), else the exact UTF-8 size.
 */
export function jsonSizeExceeds(value: unknown, limit: number): number {
  const bound = upperBound(value, limit, 0);
  if (bound <= limit) return bound;
  return exactJsonBytes(value);
}

/** Exact UTF-8 byte length of `JSON.stringify(value)` (0 for undefined). */
export function exactJsonBytes(value: unknown): number {
  const s = JSON.stringify(value);
  return s === undefined ? 0 : utf8Length(s);
}

/** UTF-8 byte length of a JS string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function upperBound(v: unknown, limit: number, acc: number): number {
  if (acc > limit) return acc;
  switch (typeof v) {
    case "string":
      return acc + 2 + v.length * 6;
    case "number":
    case "bigint":
      return acc + 24;
    case "boolean":
      return acc + 5;
    case "undefined":
    case "function":
    case "symbol":
      return acc + 4;
    case "object": {
      if (v === null) return acc + 4;
      if (Array.isArray(v)) {
        acc += 2;
        for (let i = 0; i < v.length; i++) {
          acc = upperBound(v[i], limit, acc + 1);
          if (acc > limit) return acc;
        }
        return acc;
      }
      if (ArrayBuffer.isView(v)) return acc + (v as ArrayBufferView).byteLength * 6 + 64;
      acc += 2;
      for (const k in v as Record<string, unknown>) {
        acc = upperBound((v as Record<string, unknown>)[k], limit, acc + 3 + k.length * 6);
        if (acc > limit) return acc;
      }
      return acc;
    }
  }
  return acc + 24;
}
