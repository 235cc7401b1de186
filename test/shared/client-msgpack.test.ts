/**
 * The client's shape-caching MessagePack decoder agrees with msgpackr on every value
 * the protocol carries, and hands frames it does not handle back (FALLBACK).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Packr, Unpackr } from "msgpackr";
import { FALLBACK, decode } from "../../client/transport/msgpack-decode.ts";

const packr = new Packr({ useRecords: false } as ConstructorParameters<typeof Packr>[0]);
const unpackr = new Unpackr({ useRecords: false });

function job(i: number): Record<string, unknown> {
  return {
    id: i, queue: "q", data: { i, s: "héllo wörld ✓", nested: { a: [1, 2, { b: null }] } }, priority: -3,
    created_at: 1700000000000 + i, progress: 0.5, tags: ["x", "y".repeat(70)], lifo: false, parent_id: null,
    big: 2 ** 40, neg: -(2 ** 40), n8: -100, n16: -30000, n32: -2000000000, u16: 60000, u32: 4000000000,
  };
}

describe("msgpack decoder", () => {
  test("job replies decode like msgpackr, repeatedly (shapes cached)", () => {
    const msg = { reqId: "r1", ok: true, jobs: Array.from({ length: 50 }, (_, i) => job(i)) };
    const buf = packr.pack(msg);
    for (let round = 0; round < 3; round++) assert.deepEqual(decode(buf), unpackr.unpack(buf));
  });
  test("maps with the same length but other keys, and key order changes", () => {
    const values = [{ a: 1, b: 2 }, { c: 3, d: 4 }, { a: 5, c: 6 }, { b: 7, a: 8 }, { a: 9, b: 10 }, { x: "é", y: [] }];
    for (const v of values) {
      const buf = packr.pack(v);
      assert.deepEqual(decode(buf), unpackr.unpack(buf));
      assert.deepEqual(Object.keys(decode(buf) as object), Object.keys(v));
    }
  });
  test("scalars, long strings, arrays, empty containers", () => {
    const values: unknown[] = [0, 127, 128, 255, 256, 65535, 65536, -1, -32, -33, 1.25, -0.5, 1e300, true, false, null,
      "", "a".repeat(31), "b".repeat(300), "c".repeat(70000), "ünïcödé".repeat(20), [], {}, [[[]]], { k: {} }];
    for (const v of values) {
      const buf = packr.pack(v);
      assert.deepEqual(decode(buf), unpackr.unpack(buf), JSON.stringify(v).slice(0, 40));
    }
  });
  test("__proto__ keys stay plain data", () => {
    const buf = packr.pack(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
    const out = decode(buf) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.keys(out), ["__proto__", "a"]);
    // Also when a cached shape matched the first key and the map diverges afterwards.
    decode(packr.pack({ a: 1, b: 2 }));
    const mixed = decode(packr.pack(JSON.parse('{"a":1,"__proto__":{"polluted":true}}'))) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(mixed), Object.prototype);
    assert.deepEqual(Object.keys(mixed), ["a", "__proto__"]);
  });
  test("msgpackr records (extension 'r') decode like msgpackr, without the fallback", () => {
    const recPackr = new Packr({ useRecords: true } as ConstructorParameters<typeof Packr>[0]);
    const values: unknown[] = [
      [{ a: 1, b: 64 }, { a: 3, b: 127 }],
      { ok: true, jobs: Array.from({ length: 20 }, (_, i) => job(i)) },
      { x: [{ a: 1, b: 2 }], y: [{ a: 3, b: 64 }, { c: 1 }], z: { a: { c: 2 }, b: [{ a: 0, b: 0 }] } },
      { ok: true, jobs: [] },
    ];
    for (let round = 0; round < 2; round++) {
      for (const v of values) {
        const buf = recPackr.pack(v);
        const out = decode(buf);
        assert.notEqual(out, FALLBACK);
        assert.deepEqual(out, unpackr.unpack(buf));
        assert.deepEqual(out, v);
      }
    }
    // Records are scoped to their frame: 64 in a later plain frame is a number.
    assert.deepEqual(decode(packr.pack({ n: 64, l: [64, 65, 127] })), { n: 64, l: [64, 65, 127] });
    // A record with a __proto__ key goes to msgpackr.
    assert.equal(decode(recPackr.pack([JSON.parse('{"__proto__":1,"a":2}')])), FALLBACK);
  });
  test("unsupported types fall back to msgpackr", () => {
    assert.equal(decode(packr.pack({ when: new Date(0) })), FALLBACK);
    assert.equal(decode(packr.pack({ bytes: new Uint8Array([1, 2]) })), FALLBACK);
    assert.equal(decode(new Uint8Array([0x92, 0x01])), FALLBACK, "truncated");
  });
});
