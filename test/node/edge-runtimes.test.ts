/**
 * The same producer under Bun, Deno and Node (child processes, real sockets), with the
 * PostgreSQL sink into a database of this file's own: single and batch pushes
 * are committed where servers take them in (read back through the Storage port); bad bodies, bad tokens and oversize payloads get 4xx.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Storage } from "../../core/ports.ts";
import { openStorage } from "../../adapters/storage/open.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/pg.ts";
import { startEdgeProcess, type EdgeProcess } from "./edge-process.ts";
import { FlashQ, Queue } from "../../client/index.ts";

let db: TestDatabase;
let storage: Storage;
const TOKEN = "edge-token";

before(async () => {
  db = await createTestDatabase("edge_runtimes");
  // What a server does at start-up: migrate; its Storage port then reads what edges inserted.
  storage = (await openStorage(db.url)).storage!;
});

after(async () => {
  await storage?.close();
  await db?.drop();
});

/** Take the jobs edges inserted (as a server does) and keep those of `queue`. */
async function rows(queue: string): Promise<Array<{ id: number; state: string; data: unknown }>> {
  const taken = await storage.takeExternal!();
  return taken.filter((s) => s.job.queue === queue).map((s) => ({ id: s.job.id, state: s.state, data: s.job.data }));
}

for (const runtime of ["bun", "deno", "node"] as const) {
  describe(`edge producer on ${runtime} (PostgreSQL sink)`, () => {
    let edge: EdgeProcess;
    const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const push = (path: string, body: string, headers: Record<string, string> = auth) =>
      fetch(edge.base + path, { method: "POST", headers, body });

    before(async () => {
      edge = await startEdgeProcess(runtime, { DATABASE_URL: db.url, AUTH_TOKENS: TOKEN, PG_POOL_SIZE: "2" });
    });
    after(async () => {
      await edge?.stop();
    });

    test("single and batch pushes are committed as external rows", async () => {
      const q = `${runtime}-jobs`;
      const one = await push(`/queues/${q}/jobs`, JSON.stringify({ data: { n: 1 } }));
      assert.equal(one.status, 200);
      const { data: job } = await one.json();
      const many = await push(`/queues/${q}/jobs/batch`, JSON.stringify({ jobs: [{ data: { n: 2 } }, { data: { n: 3 }, delay: 60000 }] }));
      assert.equal(many.status, 200);
      const { data: ids } = await many.json();
      assert.equal(ids.length, 2);
      assert.equal(ids[1], ids[0] + 1);
      assert.deepEqual(await rows(q), [
        { id: job.id, state: "waiting", data: { n: 1 } },
        { id: ids[0], state: "waiting", data: { n: 2 } },
        { id: ids[1], state: "delayed", data: { n: 3 } },
      ]);
    });

    test("concurrent single pushes (grouped into shared commits) each get their own id", async () => {
      const q = `${runtime}-burst`;
      const replies = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const r = await push(`/queues/${q}/jobs`, JSON.stringify({ data: i }));
          assert.equal(r.status, 200);
          return [(await r.json()).data.id as number, i] as const;
        }),
      );
      assert.equal(new Set(replies.map(([id]) => id)).size, 200);
      const stored = new Map((await rows(q)).map((r) => [r.id, r.data]));
      for (const [id, i] of replies) assert.equal(stored.get(id), i);
      assert.equal(stored.size, 200);
    });

    test("retries with the same job_id, even concurrent ones, answer one id", async () => {
      const q = `${runtime}-idem`;
      const body = JSON.stringify({ data: "once", job_id: `${runtime}-order-1` });
      const replies = await Promise.all(Array.from({ length: 20 }, () => push(`/queues/${q}/jobs`, body).then((r) => r.json())));
      const ids = new Set(replies.map((r) => r.data.id));
      assert.equal(ids.size, 1);
      const stored = await rows(q);
      assert.deepEqual(stored.map((r) => r.id), [...ids]);
    });

    test("concurrent pushes with one debounce_id: one job, the others 409 DEBOUNCED", async () => {
      const q = `${runtime}-deb`;
      const body = JSON.stringify({ data: "d", debounce_id: `${runtime}-d`, debounce_ttl: 600_000 });
      const replies = await Promise.all(Array.from({ length: 10 }, () => push(`/queues/${q}/jobs`, body)));
      const statuses = replies.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, ...Array(9).fill(409)]);
      const bodies = await Promise.all(replies.map((r) => r.json()));
      const won = bodies.find((b) => b.ok === true);
      for (const b of bodies) if (b !== won) assert.equal(b.code, "DEBOUNCED");
      assert.deepEqual((await rows(q)).map((r) => r.id), [won.data.id]);
    });

    test("a bad body gets 400 naming the field, and nothing is written", async () => {
      const q = `${runtime}-bad`;
      const r = await push(`/queues/${q}/jobs`, JSON.stringify({ data: 1, max_attempts: "three" }));
      assert.equal(r.status, 400);
      const b = await r.json();
      assert.equal(b.code, "VALIDATION_ERROR");
      assert.equal(b.field, "max_attempts");
      const j = await push(`/queues/${q}/jobs`, "{nope");
      assert.equal(j.status, 400);
      assert.deepEqual(await rows(q), []);
    });

    test("a missing or wrong token gets 401", async () => {
      for (const headers of [{ "content-type": "application/json" }, { authorization: "Bearer wrong" }] as Record<string, string>[]) {
        const r = await push(`/queues/${runtime}-auth/jobs`, JSON.stringify({ data: 1 }), headers);
        assert.equal(r.status, 401);
        assert.equal((await r.json()).code, "AUTH_FAILED");
      }
      assert.deepEqual(await rows(`${runtime}-auth`), []);
    });

    test("oversize data gets 413, more than 1000 jobs 400 (as the server)", async () => {
      const big = await push(`/queues/${runtime}-big/jobs`, JSON.stringify({ data: "x".repeat(10 * 1024 * 1024 + 1) }));
      assert.equal(big.status, 413);
      assert.equal((await big.json()).field, "data");
      const many = await push(`/queues/${runtime}-big/jobs/batch`, JSON.stringify({ jobs: Array.from({ length: 1001 }, (_, i) => ({ data: i })) }));
      assert.equal(many.status, 400);
      assert.match((await many.json()).error, /max 1000/);
      assert.deepEqual(await rows(`${runtime}-big`), []);
    });
  });
}

test("with PostgreSQL unreachable, the producer answers 503 SERVICE_UNAVAILABLE (retryable)", async () => {
  const edge = await startEdgeProcess("bun", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
  try {
    const r = await fetch(`${edge.base}/queues/q/jobs`, { method: "POST", body: JSON.stringify({ data: 1 }) });
    assert.equal(r.status, 503);
    const b = await r.json();
    assert.equal(b.code, "SERVICE_UNAVAILABLE");
    assert.equal(b.retryable, true);
  } finally {
    await edge.stop();
  }
});

test("the SDK in HTTP mode pushes through the producer unchanged (push, pushBatch, Queue.add, addBulk)", async () => {
  const edge = await startEdgeProcess("bun", { DATABASE_URL: db.url, AUTH_TOKENS: TOKEN });
  const opts = { host: "127.0.0.1", httpPort: Number(new URL(edge.base).port), useHttp: true, token: TOKEN };
  const client = new FlashQ(opts);
  const queue = new Queue("sdk-q", opts);
  try {
    await client.connect();
    const one = await client.push("sdk-q", { via: "push" }, { jobId: "sdk-1", priority: 4 });
    const again = await client.push("sdk-q", { via: "push" }, { jobId: "sdk-1" });
    assert.equal(again.id, one.id);
    const ids = await client.pushBatch("sdk-q", [{ data: { via: "batch" } }, { data: { via: "batch" } }]);
    const added = await queue.add("welcome", { via: "queue" });
    const bulk = await queue.addBulk([
      { name: "a", data: { via: "bulk" } },
      { name: "b", data: { via: "bulk" } },
    ]);
    const stored = await rows("sdk-q");
    assert.deepEqual(
      stored.map((r) => r.id),
      [one.id, ...ids, added.id, ...bulk.map((j) => j.id)],
    );
    assert.deepEqual(stored[0]?.data, { via: "push" });
  } finally {
    await queue.close();
    await client.close();
    await edge.stop();
  }
});
