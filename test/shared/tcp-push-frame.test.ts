/**
 * PUSH/PUSHB frames with payloads kept as received (adapters/tcp/push-frame.ts): the
 * request decodes to what msgpackr returns for the same bytes, each large payload held
 * as its exact bytes (RawData), written back verbatim by the reply writer and decoded
 * by `toJSON`; anything the fast path does not cover is left to msgpackr (undefined).
 * Runs under Node, Bun and Deno (Buffer's latin1 and utf8 conversions on each).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Packr, Unpackr } from "msgpackr";
import { decodePushFrame, RAW_MAX_BYTES, RAW_MIN_BYTES } from "../../adapters/tcp/push-frame.ts";
import { RawData } from "../../adapters/tcp/raw-data.ts";
import { encodeReplyFrame } from "../../adapters/tcp/reply-msgpack.ts";

/** Encoded as the SDK encodes requests. */
const sdkPackr = new Packr({ useRecords: false, skipValues: [undefined] } as ConstructorParameters<typeof Packr>[0]);
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" });

/** `v` with every RawData replaced by its decoded value. */
function plain(v: unknown): unknown {
  if (v instanceof RawData) return v.toJSON();
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** msgpackr's defaults: every map with a map16 header. */
const defaultPackr = new Packr({ useRecords: false });

/** Decode `msg` both ways, as the SDK and as msgpackr's defaults encode it; they must agree. */
function check(msg: Record<string, unknown>): Record<string, unknown> {
  const body = sdkPackr.pack(msg);
  const got = decodePushFrame(body);
  assert.ok(got !== undefined, "the fast path takes the frame");
  assert.deepEqual(plain(got), unpackr.unpack(body));
  const wide = defaultPackr.pack(msg);
  assert.equal(wide[0], 0xde);
  const same = decodePushFrame(wide);
  assert.ok(same !== undefined, "the fast path takes a map16 frame");
  assert.deepEqual(plain(same), unpackr.unpack(wide));
  return got;
}

function order(i: number): Record<string, unknown> {
  return {
    orderId: `ord_${i}`,
    customer: { id: 1000 + i, email: `user${i}@example.com`, name: "Ada Lovelace" },
    items: [{ sku: "SKU-12345", qty: 2, price: 19.99 }, { sku: "SKU-67890", qty: 1, price: 5.5 }],
    total: 45.48,
    notes: "Leave the parcel at the door — merci, ☃, 𝄞.",
  };
}

/** Values of every MessagePack kind the fast path decodes (no bin, no ext). */
const VALUES: unknown[] = [
  null, true, false, 0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, 2 ** 60,
  -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, Number.MIN_SAFE_INTEGER, -(2 ** 60),
  0.5, -1.25, 1e300, Math.PI, "", "a", "é", "☃", "𝄞", "x".repeat(31), "x".repeat(32), "y".repeat(255), "y".repeat(256), "z".repeat(70_000),
  [], [1, [2, [3, []]]], Array.from({ length: 20 }, (_, i) => i), {}, { a: { b: { c: null } } },
  Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])), { "": 1, "ключ": "значение" },
];

describe("PUSH/PUSHB frames with payloads kept as received", () => {
  test("a large PUSH payload is kept as its exact bytes; the other fields are decoded", () => {
    const data = order(1);
    const got = check({ cmd: "PUSH", queue: "q", data, priority: 5, delay: null, tags: ["a", "b"], backoff: { type: "fixed", delay: 10 }, depends_on: [1, 2], lifo: false, reqId: "r1" });
    assert.ok(got.data instanceof RawData);
    assert.deepEqual(Buffer.from((got.data as RawData).bytes, "latin1"), Buffer.from(sdkPackr.pack(data)));
    assert.equal((got.data as RawData).byteLength, sdkPackr.pack(data).length);
    assert.deepEqual((got.data as RawData).toJSON(), data);
    assert.equal(JSON.stringify({ data: got.data }), JSON.stringify({ data }));
    assert.deepEqual({ ...got, data: null }, { cmd: "PUSH", queue: "q", data: null, priority: 5, delay: null, tags: ["a", "b"], backoff: { type: "fixed", delay: 10 }, depends_on: [1, 2], lifo: false, reqId: "r1" });
  });

  test("PUSHB: large payloads kept, small ones decoded, items without data left so", () => {
    const jobs: Record<string, unknown>[] = [];
    for (let i = 0; i < 30; i++) jobs.push({ data: order(i), priority: i });
    jobs.push({ data: 1 }, { data: "small" }, { data: null }, { data: { a: 1 } }, { priority: 3 }, {});
    const got = check({ cmd: "PUSHB", queue: "q", jobs, reqId: "r2" });
    const items = got.jobs as Record<string, unknown>[];
    for (let i = 0; i < 30; i++) assert.ok(items[i]!.data instanceof RawData, `job ${i}`);
    assert.deepEqual(items.slice(30), [{ data: 1 }, { data: "small" }, { data: null }, { data: { a: 1 } }, { priority: 3 }, {}]);
  });

  test("every kind of value, inside a kept payload and as a decoded field", () => {
    for (const v of VALUES) {
      const data = { pad: "p".repeat(RAW_MIN_BYTES), v };
      const got = check({ cmd: "PUSH", queue: "q", data, extra: v, reqId: "r" });
      assert.ok(got.data instanceof RawData);
      assert.deepEqual((got.data as RawData).toJSON(), unpackr.unpack(sdkPackr.pack(data)));
    }
  });

  test("size bounds: below RAW_MIN_BYTES or above RAW_MAX_BYTES the payload is decoded", () => {
    const sized = (n: number) => "s".repeat(n - (n - 2 < 32 ? 1 : n - 3 < 256 ? 2 : n - 3 < 65536 ? 3 : 5));
    for (const n of [RAW_MIN_BYTES - 1, RAW_MIN_BYTES, RAW_MAX_BYTES, RAW_MAX_BYTES + 1]) {
      const data = sized(n);
      assert.equal(sdkPackr.pack(data).length, n);
      const got = check({ cmd: "PUSH", queue: "q", data, pad: "x".repeat(100) });
      assert.equal(got.data instanceof RawData, n >= RAW_MIN_BYTES && n <= RAW_MAX_BYTES, `${n} bytes`);
    }
  });

  test("frames the fast path leaves to msgpackr", () => {
    const big = order(7);
    const leave = (msg: unknown) => assert.equal(decodePushFrame(Buffer.from(sdkPackr.pack(msg))), undefined);
    leave({ cmd: "PULLB", queue: "q", count: 10, pad: "x".repeat(200) });
    leave({ cmd: "PUSHX", queue: "q", data: big });
    leave({ queue: "q", cmd: "PUSH", data: big }); // cmd not first
    leave({ cmd: "PUSH", queue: "q", data: { i: 1 } }); // too small to bother
    leave({ cmd: "PUSHB", queue: "q", jobs: Array.from({ length: 1000 }, (_, i) => ({ data: { i } })) }); // small on average
    leave({ cmd: "PUSH", queue: "q", data: { ...big, at: new Date(0) } }); // ext (timestamp)
    leave({ cmd: "PUSH", queue: "q", data: { ...big, blob: Buffer.from("abc") } }); // bin
    leave({ cmd: "PUSH", queue: "q", data: big, opts: new Map<unknown, unknown>([[1, "a"]]) }); // non-string key
    leave({ cmd: "PUSH", queue: "q", data: big, ...JSON.parse('{"__proto__": {"x": 1}}') });
    leave([{ cmd: "PUSH" }, big]);
  });

  test("truncated or padded frames are left to msgpackr, never thrown", () => {
    const body = Buffer.from(sdkPackr.pack({ cmd: "PUSHB", queue: "q", jobs: [{ data: order(1) }, { data: order(2), tags: ["t"] }], reqId: "r" }));
    assert.notEqual(decodePushFrame(body), undefined);
    for (let n = 0; n < body.length; n++) assert.equal(decodePushFrame(body.subarray(0, n)), undefined, `first ${n} bytes`);
    assert.equal(decodePushFrame(Buffer.concat([body, Buffer.from([0xc0])])), undefined);
    const lying = Buffer.from(body);
    lying[0] = 0x85; // one key more than present
    assert.equal(decodePushFrame(lying), undefined);
  });

  test("the reply writer copies a kept payload verbatim", () => {
    const data = order(3);
    const raw = decodePushFrame(Buffer.from(sdkPackr.pack({ cmd: "PUSH", queue: "q", data })))!.data as RawData;
    const frame = encodeReplyFrame({ ok: true, value: raw, list: [raw, 1] });
    const body = frame.subarray(4);
    assert.equal(frame.readUInt32BE(0), body.length);
    assert.deepEqual(unpackr.unpack(body), { ok: true, value: data, list: [data, 1] });
    assert.ok(body.includes(Buffer.from(sdkPackr.pack(data))));
  });
});
