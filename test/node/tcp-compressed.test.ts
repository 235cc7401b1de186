/**
 * `_compressed` (the SDK's gzip'd commands, PROTOCOL.md §2.3) over real sockets, in
 * both framings: our SDK's form `{cmd, reqId, _compressed}`, flashQ's SDK's form
 * (full command plus `_compressed`), outer fields filling only what the inflated
 * command lacks, and bad input — not base64, not gzip, not JSON, a gzip bomb past
 * the 16 MiB frame limit, before AUTH — answered with an error naming the field
 * while the connection stays usable.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { WireClient, type Mode, type Msg } from "./tcp-wire-client.ts";

const gz = (v: unknown): string => gzipSync(JSON.stringify(v)).toString("base64");

let server: RunningServer;
before(async () => {
  server = await startServer({ port: 0, httpPort: -1 });
});
after(async () => {
  await server.close();
});

/** An error reply that names `_compressed`. */
function assertCompressedError(r: Msg, why: RegExp): void {
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(r.code, "VALIDATION_ERROR");
  assert.equal(r.field, "_compressed");
  assert.match(String(r.error), /_compressed/);
  assert.match(String(r.error), why);
}

for (const mode of ["json", "msgpack"] as Mode[]) {
  describe(`TCP ${mode}: _compressed`, () => {
    const q = `gz-${mode}`;

    test("our SDK's form: only cmd, reqId and _compressed; the inflated fields are used", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        const data = { text: "flashq ".repeat(3000), n: [1, 2, 3] };
        const pushed = await c.ok({ cmd: "PUSH", _compressed: gz({ cmd: "PUSH", queue: q, data, priority: 4 }) });
        const { job } = await c.ok({ cmd: "GETJOB", id: pushed.id });
        const j = job as { queue: string; data: unknown; priority: number };
        assert.deepEqual([j.queue, j.data, j.priority], [q, data, 4]);
        const batch = await c.ok({ cmd: "PUSHB", _compressed: gz({ cmd: "PUSHB", queue: q, jobs: [{ data: 1 }, { data: 2 }] }) });
        assert.equal((batch.ids as number[]).length, 2);
      } finally {
        await c.close();
      }
    });

    test("flashQ SDK's form: the full command plus _compressed of the same JSON", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        const cmd = { cmd: "PUSH", queue: q, data: { same: true } };
        const pushed = await c.ok({ ...cmd, _compressed: gz(cmd) });
        const { job } = await c.ok({ cmd: "GETJOB", id: pushed.id });
        assert.deepEqual((job as { data: unknown }).data, { same: true });
      } finally {
        await c.close();
      }
    });

    test("outer fields fill only what the inflated command lacks", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        // An own `__proto__` key (as JSON.parse makes) must not become the command's prototype.
        const outer = JSON.parse('{"cmd":"PUSH","priority":9,"data":"outer","__proto__":{"max_attempts":3}}') as Msg;
        outer.queue = `${q}-outer`;
        outer._compressed = gz({ cmd: "PUSH", queue: q, data: "inner" });
        const pushed = await c.ok(outer);
        const { job } = await c.ok({ cmd: "GETJOB", id: pushed.id });
        const j = job as { queue: string; data: unknown; priority: number; max_attempts: number };
        assert.deepEqual([j.queue, j.data, j.priority, j.max_attempts], [q, "inner", 9, 0]);
      } finally {
        await c.close();
      }
    });

    test("bad _compressed: errors naming the field, with the reqId; the connection stays usable", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        const notGzip = Buffer.from("definitely not gzip").toString("base64");
        const truncated = gz({ cmd: "PING" }).slice(0, 8);
        const notJson = gzipSync("{oops").toString("base64");
        const notObject = gz([1, 2]);
        // 17 MiB of spaces inside a JSON string: ~17 KB gzip'd, inflates past the frame limit.
        const bomb = gzipSync(Buffer.concat([Buffer.from('{"cmd":"PING","x":"'), Buffer.alloc(17 * 1024 * 1024, 32), Buffer.from('"}')]));
        assert.ok(bomb.length < 100_000);
        const cases: [unknown, RegExp][] = [
          ["%%% not base64 %%%", /base64/],
          [notGzip, /gzip/],
          [truncated, /gzip/],
          [notJson, /JSON/],
          [notObject, /object/],
          [bomb.toString("base64"), /more than 16777216 bytes/],
          [42, /base64/],
        ];
        for (const [packed, why] of cases) {
          const r = await c.call({ cmd: "PUSH", queue: q, data: 1, _compressed: packed });
          assertCompressedError(r, why);
          assert.match(String(r.reqId), /^r\d+$/);
          assert.equal((await c.ok({ cmd: "PING" })).pong, true);
        }
        // null (MessagePack nil for an absent field) means no compression.
        assert.equal((await c.ok({ cmd: "PING", _compressed: null })).pong, true);
      } finally {
        await c.close();
      }
    });
  });
}

describe("TCP: _compressed with AUTH_TOKENS", () => {
  let authed: RunningServer;
  before(async () => {
    authed = await startServer({ port: 0, httpPort: -1, authTokens: ["s3cret"] });
  });
  after(async () => {
    await authed.close();
  });

  test("nothing is inflated before AUTH; a compressed AUTH works", async () => {
    const c = await WireClient.open("json", authed.tcpPort);
    try {
      const refused = await c.call({ cmd: "PUSH", _compressed: gz({ cmd: "PUSH", queue: "gz-auth", data: 1 }) });
      assert.equal(refused.ok, false);
      assert.equal(refused.code, "AUTH_FAILED");
      await c.ok({ cmd: "AUTH", _compressed: gz({ cmd: "AUTH", token: "s3cret" }) });
      const pushed = await c.ok({ cmd: "PUSH", _compressed: gz({ cmd: "PUSH", queue: "gz-auth", data: 1 }) });
      assert.equal(typeof pushed.id, "number");
    } finally {
      await c.close();
    }
  });
});
