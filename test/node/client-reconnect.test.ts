/**
 * Connection loss: the server is stopped and a new one started on the same port while
 * clients are in use. With autoReconnect the client resumes; with queueOnDisconnect the
 * requests made while down are sent after reconnecting; attempts are bounded.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionError, FlashQ, Worker, type ConnectionHookContext, type Job } from "../../client/index.ts";
import { conn, nextEvent, qname, start } from "./client-helpers.ts";

const FAST = { reconnectDelay: 20, maxReconnectDelay: 100, maxReconnectAttempts: 0 };

for (const mode of [{ name: "TCP JSON", options: {} }, { name: "TCP MessagePack", options: { useBinary: true } }]) {
  describe(`reconnect — ${mode.name}`, { timeout: 30000 }, () => {
    test("autoReconnect resumes after a restart; requests while down fail fast", async () => {
      const first = await start();
      const events: string[] = [];
      const client = new FlashQ({
        ...conn(first, mode.options),
        ...FAST,
        hooks: { onConnection: (ctx: ConnectionHookContext) => void events.push(ctx.event) },
      });
      let second: Awaited<ReturnType<typeof start>> | undefined;
      try {
        const q = qname("rc");
        await client.push(q, 1);
        const lost = nextEvent(client, "disconnect");
        await first.close();
        await lost;
        await assert.rejects(client.push(q, 2), (e: unknown) => e instanceof ConnectionError && e.code === "NOT_CONNECTED");
        const back = nextEvent(client, "reconnected");
        second = await start({ port: first.tcpPort, httpPort: 0 });
        await back;
        const job = await client.push(q, 3);
        assert.equal((await client.getJob(job.id))?.job.data, 3);
        assert.deepEqual(events.filter((e, i) => e !== events[i - 1]), ["connect", "disconnect", "reconnecting", "reconnected"]);
      } finally {
        await client.close();
        await second?.close();
      }
    });

    test("queueOnDisconnect sends queued requests after reconnecting; the queue is bounded", async () => {
      const first = await start();
      const client = new FlashQ({ ...conn(first, mode.options), ...FAST, queueOnDisconnect: true, maxQueuedRequests: 2 });
      let second: Awaited<ReturnType<typeof start>> | undefined;
      try {
        const q = qname("qd");
        await client.connect();
        const lost = nextEvent(client, "disconnect");
        await first.close();
        await lost;
        const a = client.push(q, { n: 1 });
        const b = client.push(q, { n: 2 });
        await assert.rejects(client.push(q, { n: 3 }), (e: unknown) => e instanceof ConnectionError && e.code === "QUEUE_FULL");
        second = await start({ port: first.tcpPort, httpPort: 0 });
        const [ja, jb] = await Promise.all([a, b]);
        assert.notEqual(ja.id, jb.id);
        assert.equal(await client.count(q), 2);
      } finally {
        await client.close();
        await second?.close();
      }
    });

    test("gives up after maxReconnectAttempts", async () => {
      const first = await start();
      const client = new FlashQ({
        ...conn(first, mode.options),
        reconnectDelay: 5,
        maxReconnectDelay: 10,
        maxReconnectAttempts: 2,
        queueOnDisconnect: true,
      });
      try {
        await client.connect();
        const failed = nextEvent<[Error]>(client, "error");
        await first.close();
        const queued = client.push(qname("gu"), 1);
        const [err] = await failed;
        assert.ok(err instanceof ConnectionError);
        assert.equal((err as ConnectionError).code, "RECONNECTION_FAILED");
        await assert.rejects(queued, (e: unknown) => e instanceof ConnectionError && e.code === "RECONNECTION_FAILED");
        assert.equal(client.isConnected(), false);
      } finally {
        await client.close();
      }
    });

    test("close() during connect(): the connection opened meanwhile is dropped, the client stays closed", async () => {
      const server = await start();
      const client = new FlashQ({ ...conn(server, mode.options), ...FAST });
      const events: string[] = [];
      for (const e of ["connect", "reconnecting", "reconnected"]) client.on(e, () => events.push(e));
      try {
        const connecting = client.connect();
        await client.close();
        await assert.rejects(connecting, (e: unknown) => e instanceof ConnectionError && e.code === "CONNECTION_CLOSED");
        assert.equal(client.connectionState, "closed");
        assert.equal(client.isConnected(), false);
        await assert.rejects(client.push(qname("cc"), 1), (e: unknown) => e instanceof ConnectionError && e.code === "NOT_CONNECTED");
      } finally {
        await server.close();
      }
      // Had the late connection been kept, losing it here would start reconnecting forever.
      assert.equal(client.connectionState, "closed");
      assert.deepEqual(events, []);
    });

    test("a Worker started before the server connects once it is up; stop() while connecting", async () => {
      const probe = await start();
      const port = probe.tcpPort;
      await probe.close(); // nothing listens on `port` now
      const q = qname("early");
      const worker = new Worker(q, (job: Job<{ n: number }>) => job.data.n + 1, {
        host: "127.0.0.1", port, ...mode.options, ...FAST,
      });
      const failures: unknown[] = [];
      worker.on("error", (e: unknown) => failures.push(e));
      const ready = nextEvent(worker, "ready");
      await nextEvent(worker, "error");
      assert.equal(worker.getState(), "starting");
      const server = await start({ port, httpPort: 0 });
      const producer = new FlashQ(conn(server, mode.options));
      try {
        await ready;
        const done = nextEvent<[Job, unknown]>(worker, "completed");
        await producer.push(q, { n: 41 });
        assert.equal((await done)[1], 42);
        assert.ok(failures.every((e) => e instanceof ConnectionError));
      } finally {
        await worker.close();
        await producer.close();
        await server.close();
      }
      const never = new Worker(q, () => 1, { host: "127.0.0.1", port, ...mode.options, ...FAST });
      never.on("error", () => {});
      await nextEvent(never, "error");
      await never.close();
      assert.equal(never.getState(), "stopped");
    });

    test("a Worker keeps processing across a restart", async () => {
      const first = await start();
      const q = qname("wr");
      const worker = new Worker(q, (job: Job<{ n: number }>) => job.data.n, { ...conn(first, mode.options), ...FAST });
      worker.on("error", () => {}); // pulls fail while the server is down
      let second: Awaited<ReturnType<typeof start>> | undefined;
      const producer = new FlashQ({ ...conn(first, mode.options), ...FAST });
      try {
        const firstDone = nextEvent(worker, "completed");
        await producer.push(q, { n: 1 });
        await firstDone;
        await first.close();
        second = await start({ port: first.tcpPort, httpPort: 0 });
        const again = nextEvent<[Job, unknown]>(worker, "completed");
        await new Promise<void>((resolve) => (producer.isConnected() ? resolve() : producer.once("reconnected", resolve)));
        const job = await producer.push(q, { n: 2 });
        const [done, result] = await again;
        assert.equal(done.id, job.id);
        assert.equal(result, 2);
      } finally {
        await worker.close();
        await producer.close();
        await second?.close();
      }
    });
  });
}

describe("HTTP mode across a restart", { timeout: 30000 }, () => {
  test("requests fail while down and work again after the restart", async () => {
    const first = await start();
    const client = new FlashQ({ ...conn(first, { useHttp: true }) });
    let second: Awaited<ReturnType<typeof start>> | undefined;
    try {
      const q = qname("hr");
      await client.push(q, 1);
      await first.close();
      await assert.rejects(client.push(q, 2), (e: unknown) => e instanceof ConnectionError && e.retryable);
      second = await start({ port: 0, httpPort: first.httpPort });
      assert.equal(typeof (await client.push(q, 3)).id, "number");
    } finally {
      await client.close();
      await second?.close();
    }
  });
});
