/**
 * EventSubscriber over SSE and WebSocket against the real server: documented events,
 * queue filter, client.subscribe / subscribeWs, close, auto-reconnect after a restart.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { EventSubscriber, FlashQ, type JobEvent } from "../../client/index.ts";
import { conn, nextEvent, qname, start, type RunningServer } from "./client-helpers.ts";

for (const type of ["sse", "websocket"] as const) {
  describe(`EventSubscriber — ${type}`, { timeout: 30000 }, () => {
    let server: RunningServer;
    let client: FlashQ;
    before(async () => {
      server = await start();
      client = new FlashQ(conn(server));
      await client.connect();
    });
    after(async () => {
      await client?.close();
      await server?.close();
    });

    test("pushed, completed and failed events of one queue", async () => {
      const q = qname("ev");
      const sub = new EventSubscriber({ host: "127.0.0.1", httpPort: server.httpPort, queue: q, type });
      const connected = nextEvent(sub, "connected");
      await sub.connect();
      await connected;
      assert.equal(sub.isConnected(), true);
      const all: JobEvent[] = [];
      sub.on("event", (e: JobEvent) => all.push(e));
      const pushed = nextEvent<[JobEvent]>(sub, "pushed");
      const job = await client.push(q, { hello: 1 });
      const [p] = await pushed;
      assert.equal(p.eventType, "pushed");
      assert.equal(p.queue, q);
      assert.equal(p.jobId, job.id);
      assert.deepEqual(p.data, { hello: 1 });
      assert.equal(typeof p.timestamp, "number");
      const completed = nextEvent<[JobEvent]>(sub, "completed");
      const pulled = await client.pull(q, 1000);
      await client.ack(pulled!.id, { ok: true });
      const [c] = await completed;
      assert.equal(c.jobId, job.id);
      const failed = nextEvent<[JobEvent]>(sub, "failed");
      const doomed = await client.push(q, {}, { max_attempts: 1 });
      await client.pull(q, 1000);
      await client.fail(doomed.id, "boom");
      const [f] = await failed;
      assert.equal(f.jobId, doomed.id);
      assert.equal(f.error, "boom");
      assert.ok(all.every((e) => e.queue === q), "queue filter");
      const disconnected = nextEvent(sub, "disconnected");
      sub.close();
      await disconnected;
      assert.equal(sub.isConnected(), false);
    });

    test("client.subscribe / subscribeWs, all queues", async () => {
      const sub = type === "sse" ? client.subscribe() : client.subscribeWs();
      await sub.connect();
      const q1 = qname("a");
      const q2 = qname("b");
      const seen = new Set<string>();
      const both = new Promise<void>((resolve) => {
        sub.on("pushed", (e: JobEvent) => {
          seen.add(e.queue);
          if (seen.has(q1) && seen.has(q2)) resolve();
        });
      });
      await client.push(q1, 1);
      await client.push(q2, 2);
      await both;
      sub.close();
    });

    test("reconnects after the server restarts", async () => {
      const first = await start();
      const httpPort = first.httpPort;
      const sub = new EventSubscriber({ host: "127.0.0.1", httpPort, type, reconnectDelay: 20, maxReconnectAttempts: 0 });
      await sub.connect();
      const disconnected = nextEvent(sub, "disconnected");
      await first.close();
      await disconnected;
      const reconnecting = nextEvent<[number]>(sub, "reconnecting");
      const [attempt] = await reconnecting;
      assert.ok(attempt >= 1);
      const second = await start({ httpPort, port: 0 });
      try {
        await nextEvent(sub, "connected");
        const c = new FlashQ(conn(second));
        const pushed = nextEvent<[JobEvent]>(sub, "pushed");
        const job = await c.push(qname("r"), { again: true });
        assert.equal((await pushed)[0].jobId, job.id);
        await c.close();
      } finally {
        sub.close();
        await second.close();
      }
    });
  });
}
