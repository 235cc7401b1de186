/**
 * The dedicated reply encoder (adapters/tcp/reply-msgpack.ts): byte-for-byte the same
 * MessagePack msgpackr writes for the same reply, and decoded identically by msgpackr
 * and by the SDK's decoder, for every kind of job field and data value; payloads kept
 * as received (RawData) go out verbatim.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Packr, Unpackr } from "msgpackr";
import { createEngine, ManualClock } from "../../core/index.ts";
import type { Job } from "../../core/types.ts";
import { packr } from "../../adapters/tcp/codec.ts";
import { encodeReplyFrame } from "../../adapters/tcp/reply-msgpack.ts";
import { pulledJob, pulledJobs } from "../../adapters/protocol/wire.ts";
import { decode, FALLBACK } from "../../client/transport/msgpack-decode.ts";
import { decodePushFrame } from "../../adapters/tcp/push-frame.ts";
import { RawData } from "../../adapters/tcp/raw-data.ts";

const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" });

/** Frame body (without the 4-byte length), checking the length prefix. */
function body(frame: Buffer): Buffer {
  assert.equal(frame.readUInt32BE(0), frame.length - 4);
  return frame.subarray(4);
}

/** Encoded like msgpackr, decoded alike by msgpackr and the SDK decoder. */
function check(reply: Record<string, unknown>): void {
  const mine = Buffer.from(body(encodeReplyFrame(reply)));
  const ref = Buffer.from(packr.pack(reply));
  assert.deepEqual(mine, ref);
  assert.deepEqual(unpackr.unpack(mine), unpackr.unpack(ref));
  const sdk = decode(mine);
  assert.deepEqual(sdk === FALLBACK ? unpackr.unpack(mine) : sdk, unpackr.unpack(ref));
}

const DATA_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  1,
  127,
  128,
  255,
  256,
  65535,
  65536,
  2 ** 32 - 1,
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  -1,
  -32,
  -33,
  -128,
  -129,
  -32768,
  -32769,
  -(2 ** 31),
  -(2 ** 31) - 1,
  Number.MIN_SAFE_INTEGER,
  0.5,
  -1.25,
  1e300,
  Math.PI,
  "",
  "a",
  "x".repeat(31),
  "x".repeat(32),
  "x".repeat(255),
  "x".repeat(256),
  "x".repeat(70000),
  "héllo wörld ✓",
  "日本語".repeat(20),
  "emoji 😀 pair",
  "é".repeat(40),
  "lone \ud800 high",
  "lone \udc00 low",
  "\ud83d",
  "pair at end 😀",
  "x".repeat(62) + "\ud800",
  "long lone " + "\ud800".repeat(30) + "y".repeat(40),
  [],
  [1, "two", null, [3, [4]], { five: 5 }],
  new Array(20).fill(7),
  new Array(70000).fill(0),
  {},
  { a: 1, b: { c: [1, 2, { d: "deep" }], e: null }, "": "empty key", "ключ": "значение" },
  Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
  { nested: { nested: { nested: { nested: { value: 1.5 } } } } },
];

test("PULLB/PULL replies: identical bytes to msgpackr for every kind of job and data", () => {
  const clock = new ManualClock(1_764_000_000_123);
  const engine = createEngine({ clock });
  const queue = "enc-q";
  for (const data of DATA_VALUES) engine.push(queue, { data });
  engine.push(queue, {
    data: { i: 1 },
    priority: -5,
    max_attempts: 7,
    backoff: { type: "fixed", delay: 250 },
    ttl: 60_000,
    timeout: 1_500.5,
    unique_key: "uniq-ü",
    tags: ["a", "b", "ünï"],
    lifo: true,
    remove_on_complete: true,
    remove_on_fail: true,
    stall_timeout: 30_000,
    job_id: "custom-1",
    keep_completed_age: 3_600_000,
    keep_completed_count: 10,
    group_id: "g1",
  });
  const dep = engine.push(queue, { data: "dep" }).id;
  engine.push(queue, { data: "child", depends_on: [dep] });
  const jobs: Job[] = engine.tryPull(queue, 1000, "t");
  assert.ok(jobs.length >= DATA_VALUES.length + 2);
  engine.progress(jobs[0]!.id, 42, "half way ✓");
  check({ ...pulledJobs(jobs), reqId: "r-1" });
  check(pulledJobs([]));
  check({ ...pulledJob(jobs[3]!), reqId: "r-2" });
  check(pulledJob(null));
  for (const j of jobs) check(pulledJobs([j]));
});

test("other replies: identical bytes to msgpackr (generic writer)", () => {
  for (const v of DATA_VALUES) check({ ok: true, value: v, reqId: "x" });
  check({ ok: true, ids: Array.from({ length: 1000 }, (_, i) => 1_000_000 + i) });
  check({ ok: false, error: "Job not found: 1", code: "JOB_NOT_FOUND", retryable: false, reqId: "r" });
  check({ ok: true, u: undefined });
});

test("values msgpackr encodes specially are handed to msgpackr", () => {
  const cases: Record<string, unknown>[] = [
    { ok: true, when: new Date(1_764_000_000_000) },
    { ok: true, bytes: Buffer.from([1, 2, 3]) },
    { ok: true, big: 2n ** 40n },
    { ok: true, map: new Map([["a", 1]]) },
  ];
  for (const c of cases) {
    const mine = Buffer.from(body(encodeReplyFrame(c)));
    assert.deepEqual(mine, Buffer.from(packr.pack(c)));
  }
});

test("a reply that cannot be encoded throws and leaves no partial frame behind", () => {
  const before = encodeReplyFrame({ ok: true, n: 1 });
  assert.throws(() => encodeReplyFrame({ ok: true, big: 2n ** 70n }), RangeError);
  const after = encodeReplyFrame({ ok: true, n: 2 });
  assert.equal(before.byteOffset + before.length, after.byteOffset);
  assert.deepEqual(unpackr.unpack(body(after)), { ok: true, n: 2 });
});

test("frames written back to back are adjacent views; a large reply moves to a new arena intact", () => {
  const a = encodeReplyFrame({ ok: true, n: 1 });
  const b = encodeReplyFrame({ ok: true, n: 2 });
  assert.equal(a.buffer, b.buffer);
  assert.equal(a.byteOffset + a.length, b.byteOffset);
  const big = { ok: true, s: "y".repeat(3 * 1024 * 1024) };
  const f = encodeReplyFrame(big);
  assert.deepEqual(unpackr.unpack(body(f)), big);
  // The arena grown for it is not kept for later frames.
  const small = encodeReplyFrame({ ok: true, n: 3 });
  assert.ok(small.buffer.byteLength < f.buffer.byteLength);
  assert.deepEqual(unpackr.unpack(body(f)), big);
  // Earlier frames are untouched by later writes.
  assert.deepEqual(unpackr.unpack(body(a)), { ok: true, n: 1 });
  assert.deepEqual(unpackr.unpack(body(b)), { ok: true, n: 2 });
});

test("records: true — jobs as msgpackr records decode to the same replies (msgpackr and the SDK path)", () => {
  const clock = new ManualClock(1_764_000_000_123);
  const engine = createEngine({ clock });
  for (const data of DATA_VALUES) engine.push("rec-q", { data, priority: 64, tags: ["t"] });
  engine.push("rec-q", { data: { n: 100, m: [64, 127, 63, 128] }, max_attempts: 100, job_id: "c-64" });
  const jobs = engine.tryPull("rec-q", 1000, "t");
  const sdkOrMsgpackr = (b: Buffer) => {
    const d = decode(b);
    return d === FALLBACK ? unpackr.unpack(b) : d;
  };
  const cases = [
    { ...pulledJobs(jobs), reqId: "r-1" },
    pulledJobs([]),
    pulledJobs([jobs[0]!]),
    { ...pulledJob(jobs[1]!), reqId: "r-2" },
    pulledJob(null),
  ];
  for (const reply of cases) {
    const rec = Buffer.from(body(encodeReplyFrame(reply, true)));
    const expected = unpackr.unpack(packr.pack(reply));
    assert.deepEqual(unpackr.unpack(rec), expected);
    assert.deepEqual(sdkOrMsgpackr(rec), expected);
    // Nothing leaks into the next frame decoded by the same decoder (64 stays 64).
    const next = Buffer.from(body(encodeReplyFrame({ ok: true, count: 64, list: [64, 65, 127] })));
    assert.deepEqual(unpackr.unpack(next), { ok: true, count: 64, list: [64, 65, 127] });
    assert.deepEqual(sdkOrMsgpackr(next), { ok: true, count: 64, list: [64, 65, 127] });
  }
  // Much smaller than maps for small jobs.
  for (let i = 0; i < 50; i++) engine.push("rec-small", { data: { i } });
  const small = engine.tryPull("rec-small", 50, "t");
  const maps = encodeReplyFrame(pulledJobs(small)).length;
  const recs = encodeReplyFrame(pulledJobs(small), true).length;
  assert.ok(recs * 2 < maps, `${recs} vs ${maps}`);
  // Replies without jobs ignore the flag (plain maps, byte-identical to msgpackr).
  const other = { ok: true, ids: [64, 100] };
  assert.deepEqual(Buffer.from(body(encodeReplyFrame(other, true))), Buffer.from(packr.pack(other)));
});

test("kept payloads (RawData) in job replies: verbatim, with records only when no byte would read as one", () => {
  const sdkPackr = new Packr({ useRecords: false, skipValues: [undefined] } as ConstructorParameters<typeof Packr>[0]);
  const keep = (data: unknown): RawData => {
    const frame = decodePushFrame(Buffer.from(sdkPackr.pack({ cmd: "PUSH", queue: "q", data })));
    assert.ok(frame?.data instanceof RawData);
    return frame.data;
  };
  const pad = "p".repeat(80);
  const safe = { pad, n: [1, 63, 128, 1000, -5], s: "@ABC~" }; // letters inside strings are string bytes, not values
  const unsafe = { pad, n: [64, 100, 127] };
  assert.equal(keep(safe).recordSafe, true);
  assert.equal(keep(unsafe).recordSafe, false);
  assert.equal(keep({ pad, nested: { deep: [[{ k: 99 }]] } }).recordSafe, false);

  const engine = createEngine({ clock: new ManualClock(1_764_000_000_123) });
  for (let i = 0; i < 4; i++) engine.push("raw-q", { data: null });
  const pulled = engine.tryPull("raw-q", 4, "t");
  const datas = [safe, unsafe, safe, { i: 64 }];
  const jobs = pulled.map((j, i) => ({ ...j, data: i < 3 ? keep(datas[i]) : datas[i] }));
  const expectedJobs = pulled.map((j, i) => ({ ...j, data: datas[i] }));
  const sdkOrMsgpackr = (b: Buffer) => {
    const d = decode(b);
    return d === FALLBACK ? unpackr.unpack(b) : d;
  };
  const cases: Array<[Record<string, unknown>, Record<string, unknown>, boolean]> = [
    [pulledJobs(jobs), pulledJobs(expectedJobs), false],
    [pulledJobs([jobs[0]!, jobs[2]!, jobs[3]!]), pulledJobs([expectedJobs[0]!, expectedJobs[2]!, expectedJobs[3]!]), true],
    [pulledJob(jobs[1]!), pulledJob(expectedJobs[1]!), false],
    [pulledJob(jobs[0]!), pulledJob(expectedJobs[0]!), true],
  ];
  for (const [reply, same, recordsUsed] of cases) {
    const expected = unpackr.unpack(packr.pack(same));
    for (const records of [false, true]) {
      const out = Buffer.from(body(encodeReplyFrame(reply, records)));
      assert.deepEqual(unpackr.unpack(out), expected);
      assert.deepEqual(sdkOrMsgpackr(out), expected);
      assert.equal(out.includes(Buffer.from([0xd4, 0x72])), records && recordsUsed, `records ${records}`);
    }
    // Without records the frame is byte-identical to msgpackr's for the decoded values
    // (the SDK's and the server's encoders agree on these values).
    assert.deepEqual(Buffer.from(body(encodeReplyFrame(reply))), Buffer.from(packr.pack(same)));
  }
});
