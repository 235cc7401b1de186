/**
 * The edge producer in real workerd (wrangler's unstable_startWorker), end to end:
 * - PostgreSQL sink: with no server running (none ever ran: the worker applies the
 *   schema), single and batch pushes go through the worker into PostgreSQL; a
 *   server started afterwards takes them in and they
 *   are pulled and acked over its HTTP API; with the server running, a push is
 *   taken in promptly through LISTEN/NOTIFY.
 * - HTTP sink: forwarding to a live server, with separate edge and server tokens.
 * - Bad bodies, bad tokens and oversize payloads get clear 4xx errors.
 * Each file uses its own database (test/helpers/pg.ts).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/pg.ts";
import { startEdgeWorker, type EdgeWorker } from "./edge-worker-harness.ts";

const EDGE_TOKEN = "edge-token";

const SERVER_TOKEN = "server-token";
const auth = { authorization: `Bearer ${EDGE_TOKEN}`, "content-type": "application/json" };

function post(body: unknown, headers: Record<string, string> = auth): RequestInit {
  return { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) };
}

/** GET /queues/{q}/jobs on a server until `n` jobs came back (each GET blocks up to 5 s). */
async function pullN(server: RunningServer, queue: string, n: number): Promise<Array<{ id: number; data: unknown }>> {
  const got: Array<{ id: number; data: unknown }> = [];
  for (let round = 0; round < 6 && got.length < n; round++) {
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/queues/${queue}/jobs?count=${n - got.length}&timeout=5000`);
    const body = await res.json();
    assert.equal(body.ok, true, JSON.stringify(body));
    got.push(...body.data);
  }
  return got;
}

async function ackAll(server: RunningServer, ids: number[]): Promise<void> {
  for (const id of ids) {
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/jobs/${id}/ack`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ result: { done: id } }),
    });
    assert.equal(res.status, 200, await res.clone().text());
  }
}

describe("edge producer in workerd, PostgreSQL sink", () => {
  let db: TestDatabase;
  let worker: EdgeWorker;
  let server: RunningServer | undefined;

  before(async () => {
    // A fresh database: no server has ever run on it (the edge applies the schema itself).
    db = await createTestDatabase("edge_workerd");
    worker = await startEdgeWorker({ SINK: "pg", DATABASE_URL: db.url, AUTH_TOKENS: EDGE_TOKEN });
  });

  after(async () => {
    await worker?.dispose();
    await server?.close();
    await db?.drop();
  });

  test("pushed while every server is down, processed once one starts", async () => {
    const one = await worker.fetch("/queues/mail/jobs", post({ data: { to: "a@example.com" }, priority: 2 }));
    assert.equal(one.status, 200);
    const single = (await one.json()).data.id as number;
    const many = await worker.fetch("/queues/mail/jobs/batch", post({ jobs: [{ data: { to: "b@example.com" } }, { data: { to: "c@example.com" } }] }));
    assert.equal(many.status, 200);
    const batch = (await many.json()).data as number[];
    assert.equal(batch.length, 2);


    server = await startServer({ host: "127.0.0.1", port: 0, httpPort: 0, databaseUrl: db.url });
    const pulled = await pullN(server, "mail", 3);
    assert.deepEqual(pulled.map((j) => j.id), [single, ...batch]); // priority 2 first, then FIFO
    assert.deepEqual(pulled.map((j) => j.data), [{ to: "a@example.com" }, { to: "b@example.com" }, { to: "c@example.com" }]);
    await ackAll(server, pulled.map((j) => j.id));
    for (const id of [single, ...batch]) assert.equal(server.engine.getState(id), "completed");
  });

  test("with a server running, a pushed job is taken in through LISTEN/NOTIFY", async () => {
    assert.ok(server, "the previous test starts the server");
    const res = await worker.fetch("/queues/live/jobs", post({ data: "hello" }));
    assert.equal(res.status, 200);
    const id = (await res.json()).data.id as number;
    const [job] = await pullN(server, "live", 1);
    assert.equal(job?.id, id);
    assert.equal(job?.data, "hello");
    await ackAll(server, [id]);
  });

  test("a retried push with the same job_id or unique_key answers the original id", async () => {
    const first = (await (await worker.fetch("/queues/idem/jobs", post({ data: 1, job_id: "order-9" }))).json()).data.id;
    const again = (await (await worker.fetch("/queues/idem/jobs", post({ data: 1, job_id: "order-9" }))).json()).data.id;
    assert.equal(again, first);
    const u = (await (await worker.fetch("/queues/idem/jobs", post({ data: 2, unique_key: "u-9" }))).json()).data.id;
    const batch = (await (await worker.fetch("/queues/idem/jobs/batch", post({ jobs: [{ data: 2, unique_key: "u-9" }, { data: 3, jobId: "order-9" }] }))).json()).data;
    assert.deepEqual(batch, [u, first]);
    const pulled = await pullN(server!, "idem", 2);
    assert.deepEqual(pulled.map((j) => j.id).sort(), [first, u].sort());
    await ackAll(server!, [first, u]);
    assert.equal(server!.engine.count("idem"), 0);
  });

  test("a repeat of a debounce_id within its window gets the server's 409 DEBOUNCED", async () => {
    const body = { data: "once", debounce_id: "w-1", debounce_ttl: 600_000 };
    const first = await worker.fetch("/queues/deb/jobs", post(body));
    assert.equal(first.status, 200);
    const id = (await first.json()).data.id as number;
    const again = await worker.fetch("/queues/deb/jobs", post({ ...body, data: "twice" }));
    assert.equal(again.status, 409);
    assert.deepEqual(await again.json(), { ok: false, error: "Debounced: job with id 'w-1' was pushed recently", code: "DEBOUNCED", retryable: false });
    const pulled = await pullN(server!, "deb", 1);
    assert.deepEqual(pulled.map((j) => [j.id, j.data]), [[id, "once"]]);
    await ackAll(server!, [id]);
    assert.equal(server!.engine.count("deb"), 0);
  });

  test("bad bodies, bad tokens and oversize payloads get 4xx with a clear error", async () => {
    const cases: Array<[RequestInit, string, number, string]> = [
      [post("{nope"), "/queues/x/jobs", 400, "Invalid JSON body"],
      [post({ data: 1, delay: "soon" }), "/queues/x/jobs", 400, "delay"],
      [post({ jobs: [{ data: 1 }, { data: 2, priority: 1.5 }] }), "/queues/x/jobs/batch", 400, "jobs.1.priority"],
      [post({ data: 1 }), "/queues/no%20spaces/jobs", 400, "Queue name"],
      [post({ data: 1 }, { "content-type": "application/json" }), "/queues/x/jobs", 401, "Authentication required"],
      [post({ data: 1 }, { authorization: "Bearer wrong" }), "/queues/x/jobs", 401, "Invalid token"],
      [post({ jobs: Array.from({ length: 1001 }, () => ({ data: 0 })) }), "/queues/x/jobs/batch", 400, "max 1000"],
      [post({ data: "z".repeat(10 * 1024 * 1024 + 1) }), "/queues/x/jobs", 413, "Job data too large"],
      [post({ data: "z".repeat(11 * 1024 * 1024) }), "/queues/x/jobs", 413, "Request body too large"],
    ];
    for (const [init, path, status, text] of cases) {
      const res = await worker.fetch(path, init);
      const body = await res.json();
      assert.equal(res.status, status, `${path}: ${JSON.stringify(body)}`);
      assert.equal(body.ok, false);
      assert.ok(`${body.error} ${body.field ?? ""}`.includes(text), `${body.error} should mention ${text}`);
    }
    // Nothing of the refused pushes was written: a good push is the only job the server takes in.
    const good = await worker.fetch("/queues/x/jobs", post({ data: "good" }));
    const goodId = (await good.json()).data.id as number;
    const pulled = await pullN(server!, "x", 1);
    assert.deepEqual(pulled.map((j) => j.id), [goodId]);
    assert.equal(server!.engine.count("x"), 0);
  });
});

describe("edge producer in workerd, HTTP sink to a live server", () => {
  let worker: EdgeWorker;
  let server: RunningServer;

  before(async () => {
    server = await startServer({ host: "127.0.0.1", port: 0, httpPort: 0, authTokens: [SERVER_TOKEN] });
    worker = await startEdgeWorker({
      SINK: "http",
      UPSTREAM_URL: `http://127.0.0.1:${server.httpPort}`,
      UPSTREAM_TOKEN: SERVER_TOKEN,
      AUTH_TOKENS: EDGE_TOKEN,
    });
  });

  after(async () => {
    await worker?.dispose();
    await server?.close();
  });

  test("single and batch pushes are forwarded; repeats answer the original id", async () => {
    const one = await worker.fetch("/queues/fwd/jobs", post({ data: { n: 1 }, jobId: "once" }));
    assert.equal(one.status, 200);
    const job = (await one.json()).data;
    assert.equal(job.queue, "fwd");
    assert.equal(server.engine.getJob(job.id)?.state, "waiting");
    const again = await worker.fetch("/queues/fwd/jobs", post({ data: { n: 1 }, jobId: "once" }));
    assert.equal((await again.json()).data.id, job.id);
    const many = await worker.fetch("/queues/fwd/jobs/batch", post({ jobs: [{ data: { n: 2 } }, { data: { n: 3 } }] }));
    const ids = (await many.json()).data as number[];
    assert.deepEqual(ids.map((id) => server.engine.getJob(id)?.job.data), [{ n: 2 }, { n: 3 }]);
  });

  test("the server's own errors come back with their code", async () => {
    server.engine.push("fwd-u", { data: 1, unique_key: "k" });
    const dup = await worker.fetch("/queues/fwd-u/jobs", post({ data: 2, unique_key: "k" }));
    assert.equal(dup.status, 200); // a repeat of a unique key answers the holder's id
    const wrongEdge = await worker.fetch("/queues/fwd/jobs", post({ data: 1 }, { authorization: `Bearer ${SERVER_TOKEN}` }));
    assert.equal(wrongEdge.status, 401);
  });
});
