/**
 * The boot-time JIT warm-up (adapters/tcp/warmup.ts) runs on a private engine: the
 * served engine sees none of its jobs, queues, ids or counters. Also: PULLB/PULL
 * with the opt-in `records: true` over a real socket.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { WireClient } from "./tcp-wire-client.ts";
import { warmUp } from "../../adapters/tcp/warmup.ts";
import { warmUpOverLoopback } from "../../adapters/tcp/warmup-loopback.ts";
import { startTcpServer } from "../../adapters/tcp/server.ts";
import { connect } from "node:net";

let server: RunningServer;
let c: WireClient;
before(async () => {
  server = await startServer({ port: 0, httpPort: -1 });
  c = await WireClient.open("msgpack", server.tcpPort);
});
after(async () => {
  c.close();
  await server.close();
});

test("a freshly started server has no trace of the warm-up", async () => {
  assert.deepEqual((await c.ok({ cmd: "LISTQUEUES" })).queues, []);
  const stats = await c.ok({ cmd: "STATS" });
  assert.equal(stats.queued, 0);
  assert.equal(stats.completed, 0);
  const metrics = (await c.ok({ cmd: "METRICS" })).metrics as { total_pushed: number };
  assert.equal(metrics.total_pushed, 0);
  const { id } = await c.ok({ cmd: "PUSH", queue: "after-warmup", data: 1 });
  assert.equal(id, 1);
});

test("the warm-up's requests all succeed, and each round wakes blocked PULLBs (10) with pushes from another connection", () => {
  const stats = warmUp(12);
  assert.equal(stats.errors, 0);
  assert.equal(stats.woken, 12 * 10);
  assert.ok(stats.replies > 12 * 20, `${stats.replies} replies`);
});

test("the loopback warm-up wakes a blocked PULLB every round over real sockets, then closes its listener", async () => {
  let port = 0;
  const stats = await warmUpOverLoopback(async (engine) => {
    const l = await startTcpServer({ engine, host: "127.0.0.1", port: 0, warmup: false });
    port = l.port;
    return l;
  }, 25);
  assert.deepEqual(stats, { rounds: 25, woken: 25, errors: 0 });
  assert.ok(port > 0);
  const refused = await new Promise<string>((resolve) => {
    const s = connect({ port, host: "127.0.0.1" });
    s.once("connect", () => {
      s.destroy();
      resolve("connected");
    });
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
  });
  assert.equal(refused, "ECONNREFUSED");
});

test("a loopback warm-up that overruns its deadline gives up with an error and closes its listener", async () => {
  let closed = false;
  const attempt = warmUpOverLoopback(async (engine) => {
    const l = await startTcpServer({ engine, host: "127.0.0.1", port: 0, warmup: false });
    return { port: l.port, close: async () => { await l.close(); closed = true; } };
  }, 1_000_000, 50);
  await assert.rejects(attempt, /warm-up connection closed/);
  assert.equal(closed, true);
});

test("PULLB / PULL with records: true answer the same jobs as without", async () => {
  const q = "records-wire";
  await c.ok({ cmd: "PUSHB", queue: q, jobs: Array.from({ length: 6 }, (_, i) => ({ data: { i, big: 100 + i }, priority: 64 })) });
  const plain = (await c.ok({ cmd: "PULLB", queue: q, count: 3, timeout: 0 })).jobs as { id: number; data: unknown }[];
  const rec = (await c.ok({ cmd: "PULLB", queue: q, count: 2, timeout: 0, records: true })).jobs as typeof plain;
  const one = (await c.ok({ cmd: "PULL", queue: q, timeout: 0, records: true })).job as (typeof plain)[number];
  assert.equal(rec.length, 2);
  assert.deepEqual(Object.keys(rec[0]!), Object.keys(plain[0]!));
  assert.deepEqual([...plain, ...rec, one].map((j) => j.data), Array.from({ length: 6 }, (_, i) => ({ i, big: 100 + i })));
  const none = await c.ok({ cmd: "PULLB", queue: q, count: 2, timeout: 0, records: true });
  assert.deepEqual(none.jobs, []);
});
