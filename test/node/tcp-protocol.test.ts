/**
 * TCP protocol behaviour over real sockets: framing choice, pipelining with a
 * blocking PULL, bad input (malformed JSON, unknown command, wrong type, oversize
 * line/frame, job data > 10 MB, undecodable MessagePack), nil-as-absent and SDK
 * aliases, AUTH_TOKENS refusals, and the Unix socket listener.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { WireClient, encode, type Mode } from "./tcp-wire-client.ts";

let server: RunningServer;
before(async () => {
  server = await startServer({ port: 0, httpPort: -1 });
});
after(async () => {
  await server.close();
});

for (const mode of ["json", "msgpack"] as Mode[]) {
  describe(`TCP ${mode}: pipelining and bad input`, () => {
    const q = `proto-${mode}`;

    test("a blocking PULL does not hold up later requests on its connection", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      const producer = await WireClient.open(mode, server.tcpPort);
      try {
        const pull = c.call({ cmd: "PULL", queue: q, timeout: 30_000 });
        const stats = await c.ok({ cmd: "STATS" });
        assert.equal(typeof stats.queued, "number");
        const pushed = await c.ok({ cmd: "PUSH", queue: `${q}-other`, data: 1 });
        assert.equal(typeof pushed.id, "number");
        const { id } = await producer.ok({ cmd: "PUSH", queue: q, data: "late" });
        const r = await pull;
        assert.equal((r.job as { id: number }).id, id);
        // The PULL reply came after the STATS and PUSH replies: out of order, matched by reqId.
        const order = c.received.map((m) => m.reqId);
        assert.deepEqual(order, ["r2", "r3", "r1"]);
      } finally {
        await c.close();
        await producer.close();
      }
    });

    test("many pipelined requests in one write all get their replies", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        const n = 500;
        const chunks: Buffer[] = [];
        for (let i = 0; i < n; i++) chunks.push(encode(mode, { cmd: "PUSH", reqId: `p${i}`, queue: `${q}-pipe`, data: i }));
        const all = Buffer.concat(chunks);
        const done = new Promise<void>((resolve) => {
          const check = () => (c.received.length >= n ? resolve() : setImmediate(check));
          check();
        });
        // Split at an awkward boundary so frames/lines straddle chunks.
        c.socket.write(all.subarray(0, 1001));
        c.socket.write(all.subarray(1001));
        await done;
        assert.equal(c.received.length, n);
        assert.ok(c.received.every((m) => m.ok === true));
        assert.deepEqual(new Set(c.received.map((m) => m.reqId)).size, n);
      } finally {
        await c.close();
      }
    });

    test("a reply shows the state at the time of its command, even when pipelined with later changes", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        const { id } = await c.ok({ cmd: "PUSH", queue: `${q}-snap`, data: 1 });
        // PULL, PROGRESS and ACK in one write: the PULL reply must still show an active job at 0 %.
        const all = Buffer.concat([
          encode(mode, { cmd: "PULL", reqId: "s1", queue: `${q}-snap`, timeout: 0 }),
          encode(mode, { cmd: "PROGRESS", reqId: "s2", id, progress: 70 }),
          encode(mode, { cmd: "ACK", reqId: "s3", id }),
        ]);
        const pulled = new Promise<Record<string, unknown>>((resolve) => {
          const check = () => {
            const m = c.received.find((x) => x.reqId === "s1");
            return m ? resolve(m) : setImmediate(check);
          };
          check();
        });
        c.socket.write(all);
        const job = (await pulled).job as { progress: number; completed_at: number };
        assert.equal(job.progress, 0);
        assert.equal(job.completed_at, 0);
      } finally {
        await c.close();
      }
    });

    test("unknown command, missing field and wrong field type name the problem and echo reqId", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        const unknown = await c.call({ cmd: "FROBNICATE" });
        assert.equal(unknown.ok, false);
        assert.match(String(unknown.error), /Unknown command: FROBNICATE/);
        assert.equal(unknown.reqId, "r1");
        const missing = await c.call({ cmd: "PUSH", data: 1 });
        assert.equal(missing.ok, false);
        assert.equal(missing.field, "queue");
        assert.equal(missing.code, "VALIDATION_ERROR");
        const wrong = await c.call({ cmd: "PUSH", queue: q, data: 1, priority: "high" });
        assert.equal(wrong.field, "priority");
        assert.match(String(wrong.error), /priority/);
        const badItem = await c.call({ cmd: "PUSHB", queue: q, jobs: [{ data: 1 }, { data: 2, delay: -5 }] });
        assert.equal(badItem.field, "jobs.1.delay");
        const badQueue = await c.call({ cmd: "PUSH", queue: "bad name!", data: 1 });
        assert.equal(badQueue.ok, false);
        assert.match(String(badQueue.error), /Queue name/);
        const notMap = await c.raw(encode(mode, [1, 2, 3]));
        assert.equal(notMap.ok, false);
        assert.match(String(notMap.error), /object/);
        // Still usable.
        assert.equal((await c.ok({ cmd: "PING" })).pong, true);
      } finally {
        await c.close();
      }
    });

    test("job data over 10 MB is refused and the connection stays usable", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        const r = await c.call({ cmd: "PUSH", queue: q, data: "x".repeat(10 * 1024 * 1024 + 10) });
        assert.equal(r.ok, false);
        assert.match(String(r.error), /Job data too large/);
        assert.equal(r.field, "data");
        assert.equal((await c.ok({ cmd: "PING" })).pong, true);
      } finally {
        await c.close();
      }
    });

    test("null fields are absent (MessagePack nil) and SDK aliases are normalised", async () => {
      const c = await WireClient.open(mode, server.tcpPort);
      try {
        const { id } = await c.ok({
          cmd: "PUSH", queue: `${q}-alias`, data: { a: 1 }, priority: null, delay: null, ttl: null,
          jobId: `alias-${mode}`, keepCompletedAge: 1000, keepCompletedCount: 5, attempts: 3, unique_key: null,
        });
        const { job } = await c.ok({ cmd: "GETJOB", id });
        const j = job as Record<string, unknown>;
        assert.equal(j.custom_id, `alias-${mode}`);
        assert.equal(j.keep_completed_age, 1000);
        assert.equal(j.keep_completed_count, 5);
        assert.equal(j.max_attempts, 3);
        assert.equal(j.priority, 0);
        assert.equal(j.unique_key, null);
        // Unknown fields are ignored (`_compressed` is not unknown: tcp-compressed.test.ts).
        await c.ok({ cmd: "PING", _unknown_field: "H4sI" });
      } finally {
        await c.close();
      }
    });
  });
}

describe("TCP JSON: malformed lines", () => {
  test("a malformed JSON line gets an error (with a readable reqId) and the connection stays usable", async () => {
    const c = await WireClient.open("json", server.tcpPort);
    try {
      const r = await c.raw('{"cmd":"PING","reqId":"bad-1", oops}\n');
      assert.equal(r.ok, false);
      assert.match(String(r.error), /Invalid JSON/);
      assert.equal(r.reqId, "bad-1");
      const blank = c.raw("\n\r\n");
      await c.ok({ cmd: "PING" });
      assert.equal(c.received.length, 2, "blank lines are skipped, not answered");
      void blank;
    } finally {
      await c.close();
    }
  });

  test("a line over 16 MiB is refused and the next line still works", async () => {
    const c = await WireClient.open("json", server.tcpPort);
    try {
      const big = Buffer.alloc(17 * 1024 * 1024, 0x61);
      big[0] = 0x7b;
      const r = await c.raw(big);
      assert.equal(r.ok, false);
      assert.match(String(r.error), /Message too large/);
      c.socket.write("\n");
      assert.equal((await c.ok({ cmd: "PING" })).pong, true);
    } finally {
      await c.close();
    }
  });
});

describe("TCP MessagePack: unframeable input", () => {
  test("a frame length over 16 MiB gets an error frame and closes only that connection", async () => {
    const c = await WireClient.open("msgpack", server.tcpPort);
    const other = await WireClient.open("msgpack", server.tcpPort);
    try {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(17 * 1024 * 1024, 0);
      const r = await c.raw(head);
      assert.equal(r.ok, false);
      assert.match(String(r.error), /Message too large/);
      await c.closed;
      assert.equal((await other.ok({ cmd: "PING" })).pong, true);
    } finally {
      await c.close();
      await other.close();
    }
  });

  test("an undecodable MessagePack payload is answered and the connection stays usable", async () => {
    const c = await WireClient.open("msgpack", server.tcpPort);
    try {
      const frame = Buffer.from([0, 0, 0, 2, 0xc1, 0xc1]);
      const r = await c.raw(frame);
      assert.equal(r.ok, false);
      assert.match(String(r.error), /MessagePack deserialize error/);
      assert.equal((await c.ok({ cmd: "PING" })).pong, true);
    } finally {
      await c.close();
    }
  });
});

describe("TCP: garbage never crashes the server", () => {
  test("seeded random requests and bytes on many connections; the server still answers", async () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const cmds = ["PUSH", "PUSHB", "PULL", "PULLB", "ACK", "ACKB", "FAIL", "GETJOB", "GETJOBS", "CANCEL", "PROGRESS",
      "FLOW", "CLEAN", "CRON", "RETRYDLQ", "KVSET", "KVINCR", "WAITJOB", "NOPE", "__proto__", "constructor"];
    const values = [null, 0, -1, 1.5, 1e308, "", "q", "bad name", [], [1, -2], ["x"], {}, { a: 1 }, true, { type: "x" }, 5000];
    const fields = ["queue", "data", "id", "ids", "jobs", "count", "timeout", "priority", "delay", "backoff", "depends_on",
      "tags", "name", "schedule", "repeat_every", "state", "grace", "progress", "children", "key", "by", "limit"];
    for (const mode of ["json", "msgpack"] as Mode[]) {
      for (let conn = 0; conn < 5; conn++) {
        const c = await WireClient.open(mode, server.tcpPort);
        const parts: Buffer[] = [];
        for (let i = 0; i < 200; i++) {
          const m: Record<string, unknown> = { cmd: cmds[rnd(cmds.length)], reqId: `g${i}` };
          for (let f = rnd(6); f > 0; f--) m[fields[rnd(fields.length)]!] = values[rnd(values.length)];
          if (m.cmd === "PULL" || m.cmd === "PULLB" || m.cmd === "WAITJOB") m.timeout = 0;
          parts.push(encode(mode, m));
        }
        // Every request line/frame is well-framed, so each gets exactly one reply.
        const done = new Promise<void>((resolve) => {
          const check = () => (c.received.length >= parts.length ? resolve() : setImmediate(check));
          check();
        });
        c.socket.write(Buffer.concat(parts));
        await done;
        assert.ok(c.received.every((r) => typeof r.ok === "boolean"));
        // Then raw garbage: the connection may be answered or closed, the server must live on.
        c.socket.write(Buffer.from(Array.from({ length: 64 }, () => rnd(256))));
        await c.close();
      }
    }
    const probe = await WireClient.open("json", server.tcpPort);
    assert.equal((await probe.ok({ cmd: "PING" })).pong, true);
    await probe.close();
  });
});

describe("AUTH_TOKENS and the Unix socket", () => {
  let secured: RunningServer;
  const sock = join(tmpdir(), `flashq-test-${process.pid}.sock`);
  before(async () => {
    secured = await startServer({ port: 0, httpPort: -1, authTokens: ["s3cret", "other"], unixSocket: sock });
  });
  after(() => secured.close());

  for (const mode of ["json", "msgpack"] as Mode[]) {
    test(`${mode}: every command but AUTH is refused until the connection authenticates`, async () => {
      const c = await WireClient.open(mode, secured.tcpPort);
      try {
        for (const cmd of [{ cmd: "PUSH", queue: "a", data: 1 }, { cmd: "STATS" }, { cmd: "PULL", queue: "a", timeout: 0 }]) {
          const r = await c.call(cmd);
          assert.equal(r.ok, false);
          assert.equal(r.code, "AUTH_FAILED");
          assert.match(String(r.error), /Authentication required/);
        }
        const bad = await c.call({ cmd: "AUTH", token: "wrong" });
        assert.equal(bad.ok, false);
        assert.match(String(bad.error), /Invalid token/);
        await c.ok({ cmd: "AUTH", token: "other" });
        await c.ok({ cmd: "PUSH", queue: "a", data: 1 });
      } finally {
        await c.close();
      }
    });
  }

  test("the Unix socket speaks the same protocol (and requires auth too)", async () => {
    const c = await WireClient.open("json", sock);
    try {
      assert.equal((await c.call({ cmd: "STATS" })).ok, false);
      await c.ok({ cmd: "AUTH", token: "s3cret" });
      assert.equal((await c.ok({ cmd: "PING" })).pong, true);
    } finally {
      await c.close();
    }
  });
});
