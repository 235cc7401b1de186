/**
 * The boot-time JIT warm-up (adapters/tcp/warmup.ts) runs on a private engine: the
 * served engine sees none of its jobs, queues, ids or counters.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { WireClient } from "./tcp-wire-client.ts";

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
