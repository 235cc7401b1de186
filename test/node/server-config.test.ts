/**
 * Server configuration from the environment (adapters/config.ts), the shard router
 * behind startServer({shards}), and startServer's option handling.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { configFromEnv } from "../../adapters/config.ts";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { hashName } from "../../adapters/shard-router.ts";
import { WireClient } from "./tcp-wire-client.ts";

describe("configFromEnv", () => {
  test("defaults are flashQ's", () => {
    const c = configFromEnv({});
    assert.equal(c.port, 6789);
    assert.equal(c.httpPort, 6790);
    assert.deepEqual(c.authTokens, []);
    assert.equal(c.unixSocket, undefined);
    assert.equal(c.durability, "sync");
    assert.equal(c.shards, 1);
    assert.deepEqual(c.ws, { pingIntervalMs: 30_000, idleTimeoutMs: 120_000, maxConnections: 100 });
    assert.equal(c.helperThreads, "idle");
  });

  test("reads HELPER_THREADS (idle|normal, any case)", () => {
    assert.equal(configFromEnv({ HELPER_THREADS: "normal" }).helperThreads, "normal");
    assert.equal(configFromEnv({ HELPER_THREADS: " IDLE " }).helperThreads, "idle");
    assert.equal(configFromEnv({ HELPER_THREADS: "" }).helperThreads, "idle");
  });

  test("reads WS_PING_INTERVAL_MS, WS_IDLE_TIMEOUT_MS, WS_MAX_CONNECTIONS", () => {
    const c = configFromEnv({ WS_PING_INTERVAL_MS: "5000", WS_IDLE_TIMEOUT_MS: "20000", WS_MAX_CONNECTIONS: "7" });
    assert.deepEqual(c.ws, { pingIntervalMs: 5000, idleTimeoutMs: 20000, maxConnections: 7 });
  });

  test("reads HOST, PORT, HTTP_PORT, AUTH_TOKENS, UNIX_SOCKET, DATABASE_URL, SHARDS", () => {
    const c = configFromEnv({
      HOST: "127.0.0.1", PORT: "7000", HTTP_PORT: "7001", AUTH_TOKENS: " a, b ,,c ",
      UNIX_SOCKET: "/tmp/x.sock", DATABASE_URL: "postgres://u@127.0.0.1/db", SHARDS: "4", DURABILITY: "async",
    });
    assert.equal(c.host, "127.0.0.1");
    assert.equal(c.port, 7000);
    assert.equal(c.httpPort, 7001);
    assert.deepEqual(c.authTokens, ["a", "b", "c"]);
    assert.equal(c.unixSocket, "/tmp/x.sock");
    assert.equal(c.databaseUrl, "postgres://u@127.0.0.1/db");
    assert.equal(c.shards, 4);
    assert.equal(c.durability, "async");
  });

  test("HTTP can be turned off; UNIX_SOCKET=1 means flashQ's default path", () => {
    assert.equal(configFromEnv({ HTTP_PORT: "-1" }).httpPort, -1);
    assert.equal(configFromEnv({ NO_HTTP: "1" }).httpPort, -1);
    assert.equal(configFromEnv({ UNIX_SOCKET: "1" }).unixSocket, "/tmp/flashq.sock");
  });

  test("bad values are refused with an error naming the variable", () => {
    for (const [name, value] of [["PORT", "abc"], ["PORT", "70000"], ["HTTP_PORT", "1.5"], ["SHARDS", "0"], ["DURABILITY", "maybe"],
    ["WS_PING_INTERVAL_MS", "fast"], ["WS_IDLE_TIMEOUT_MS", "0"], ["WS_MAX_CONNECTIONS", "-3"], ["HELPER_THREADS", "low"]]) {
      assert.throws(() => configFromEnv({ [name!]: value }), (err: Error & { field?: string }) => {
        assert.equal(err.field, name);
        assert.match(err.message, new RegExp(name!));
        return true;
      });
    }
  });
});

describe("sharded server (SHARDS=3)", () => {
  let server: RunningServer;
  let c: WireClient;
  before(async () => {
    server = await startServer({ port: 0, httpPort: -1, shards: 3 });
    c = await WireClient.open("msgpack", server.tcpPort);
  });
  after(async () => {
    await c.close();
    await server.close();
  });

  test("queues spread over shards; id-based commands find their job; global views merge", async () => {
    const queues = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
    assert.ok(new Set(queues.map((q) => hashName(q) % 3)).size > 1, "the queues hash to different shards");
    const ids: number[] = [];
    for (const q of queues) ids.push((await c.ok({ cmd: "PUSH", queue: q, data: q })).id as number);
    assert.equal(new Set(ids).size, ids.length, "ids are unique across shards");
    for (const [i, q] of queues.entries()) {
      assert.equal((await c.ok({ cmd: "GETSTATE", id: ids[i] })).state, "waiting");
      const { job } = await c.ok({ cmd: "PULL", queue: q, timeout: 1000 });
      assert.equal((job as { id: number }).id, ids[i]);
    }
    const acked = await c.ok({ cmd: "ACKB", ids });
    assert.deepEqual(acked.ids, [queues.length]);
    const stats = await c.ok({ cmd: "STATS" });
    assert.equal(stats.completed, queues.length);
    const listed = (await c.ok({ cmd: "LISTQUEUES" })).queues as { name: string }[];
    for (const q of queues) assert.ok(listed.some((x) => x.name === q));
    const all = await c.ok({ cmd: "GETJOBS", limit: 4 });
    assert.equal((all.jobs as unknown[]).length, 4);
    assert.equal(all.total, queues.length);
    const sorted = (all.jobs as { id: number }[]).map((j) => j.id);
    assert.deepEqual(sorted, [...sorted].sort((a, b) => b - a));
  });

  test("PUSHB goes to the queue's shard; a depends_on on another shard rejects the batch", async () => {
    const pushed = await c.ok({ cmd: "PUSHB", queue: "batch-a", jobs: [{ data: 1 }, { data: 2 }, { data: 3 }] });
    const ids = pushed.ids as number[];
    assert.equal(ids.length, 3);
    assert.equal(pushed.errors, undefined);
    for (const id of ids) assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "waiting");
    const other = ["b1", "b2", "b3", "b4", "b5", "b6"].find((q) => hashName(q) % 3 !== hashName("batch-a") % 3)!;
    const res = await c.call({ cmd: "PUSHB", queue: other, jobs: [{ data: 4, depends_on: [ids[0]] }] });
    assert.equal(res.ok, false);
    assert.equal(res.code, "VALIDATION_ERROR");
    assert.match(String(res.error), /another shard/);
  });
});
