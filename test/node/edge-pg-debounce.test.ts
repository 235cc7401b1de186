/**
 * debounce_id / debounce_ttl through the edge producer's PostgreSQL sinks, against
 * the real server: the same pushes go to the producer (pg sink → a database of this
 * file's own) and to the server's HTTP app (in-memory engine), both on one manual
 * clock, and every reply must match — status, `DEBOUNCED` body, batch `errors`.
 * Windows are shared through PostgreSQL by separate producers racing each other,
 * and a database a server migrated before the window table existed still works.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createApp } from "../../adapters/http/app.ts";
import { createPostgresClient, createPostgresPort, type Sql } from "../../adapters/postgres/driver.ts";
import { insertExternalResultsViaPort } from "../../adapters/storage/external-insert.ts";
import { DEFAULT_DEBOUNCE_TTL_MS } from "../../adapters/storage/external-debounce.ts";
import { MIGRATIONS, migrate } from "../../adapters/storage/migrations.ts";
import { DEFAULT_TUNING } from "../../core/shard.ts";
import { readConfig } from "../../edge/config.ts";
import { createProducer } from "../../edge/producer.ts";
import { pgGroupSink } from "../../edge/sinks/pg-group-sink.ts";
import { pgSink } from "../../edge/sinks/pg-sink.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/pg.ts";
import { startEngine, type TestEngine } from "../shared/helpers/engine.ts";

let db: TestDatabase;
let te: TestEngine;
const clients: Sql[] = [];

function client(): Sql {
  const sql = createPostgresClient(db.url, { max: 4 });
  clients.push(sql);
  return sql;
}

before(async () => {
  db = await createTestDatabase("edge_pg_debounce");
  te = await startEngine();
  const port = createPostgresPort(db.url, { max: 1 });
  try {
    await migrate(port, te.clock.now());
  } finally {
    await port.close();
  }
});

after(async () => {
  await te?.engine.stop();
  for (const sql of clients) await sql.end({ timeout: 5 });
  await db?.drop();
});

const post = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const config = () => readConfig({ SINK: "pg", DATABASE_URL: "postgres://unused" });

/** The producer over `sink` and the server's app; `both` sends one request to each. */
function pair(kind: "pg" | "group") {
  const now = () => te.clock.now();
  const sink = kind === "pg" ? pgSink(client(), { now }) : pgGroupSink(client(), { now });
  const edge = createProducer("test", () => sink, config());
  const server = createApp({ engine: te.engine, runtime: "test" });
  return async (path: string, body: unknown) => {
    const [e, s] = await Promise.all([edge.request(path, post(body)), server.request(path, post(body))]);
    return { edge: { status: e.status, body: await e.json() }, server: { status: s.status, body: await s.json() } };
  };
}

/** A reply without the ids, which differ (two id spaces): status, ok, error fields, batch errors. */
function shape(r: { status: number; body: Record<string, unknown> }) {
  const { data: _data, ids: _ids, ...rest } = r.body;
  return { status: r.status, ...rest, n: Array.isArray(r.body.data) ? r.body.data.length : undefined };
}

for (const kind of ["pg", "group"] as const) {
  describe(`${kind === "pg" ? "pgSink (workerd)" : "pgGroupSink (Bun, Deno, Node)"}: the server's debounce replies`, () => {
    test("a repeat within the window gets the server's 409 DEBOUNCED; after it, a new job", async () => {
      const both = pair(kind);
      const q = `deb-${kind}`;
      const steps: Array<[number, unknown, number]> = [
        [0, { data: 1, debounce_id: "d", debounce_ttl: 1000 }, 200],
        [999, { data: 2, debounce_id: "d", debounce_ttl: 1000 }, 409],
        [1, { data: 3, debounce_id: "d" }, 200], // t+1000: the window is over; this one has the default 5 s
        [4999, { data: 4, debounce_id: "d", debounce_ttl: 0 }, 409],
        [1, { data: 5, debounce_id: "d", debounce_ttl: 0 }, 200], // a 0 window refuses nothing
        [0, { data: 6, debounce_id: "d", debounce_ttl: 0 }, 200],
        [0, { data: 7, debounce_id: "" }, 400],
      ];
      for (const [advance, body, status] of steps) {
        te.clock.advance(advance);
        const r = await both(`/queues/${q}/jobs`, body);
        assert.equal(r.edge.status, status, JSON.stringify(r));
        assert.equal(r.server.status, status, JSON.stringify(r));
        if (status !== 200) assert.deepEqual(r.edge.body, r.server.body);
      }
      const refused = await both(`/queues/${q}/jobs`, { data: 8, debounce_id: "e" }).then(() => both(`/queues/${q}/jobs`, { data: 9, debounce_id: "e" }));
      assert.deepEqual(refused.edge.body, { ok: false, error: "Debounced: job with id 'e' was pushed recently", code: "DEBOUNCED", retryable: false });
      // Windows are per queue.
      const other = await both(`/queues/${q}-other/jobs`, { data: 10, debounce_id: "e" });
      assert.deepEqual([other.edge.status, other.server.status], [200, 200]);
    });

    test("a repeated job_id or unique_key answers its job first; the debounce applies to new jobs only", async () => {
      const both = pair(kind);
      const q = `deb-keys-${kind}`;
      const first = await both(`/queues/${q}/jobs`, { data: 1, job_id: `${kind}-k1`, debounce_id: "x" });
      const again = await both(`/queues/${q}/jobs`, { data: 1, job_id: `${kind}-k1`, debounce_id: "x" });
      assert.equal(again.edge.status, 200);
      assert.equal(again.edge.body.data.id, first.edge.body.data.id);
      assert.equal(again.server.body.data.id, first.server.body.data.id);
      const other = await both(`/queues/${q}/jobs`, { data: 2, job_id: `${kind}-k2`, debounce_id: "x" });
      assert.deepEqual(shape(other.edge), shape(other.server));
      assert.equal(other.edge.status, 409);
    });

    test("a batch reports debounced items in `errors` as the server does", async () => {
      const both = pair(kind);
      const q = `deb-batch-${kind}`;
      await both(`/queues/${q}/jobs`, { data: 0, debounce_id: "held" });
      const jobs = [
        { data: 1, debounce_id: "a" },
        { data: 2, debounce_id: "a" },
        { data: 3, debounce_id: "held" },
        { data: 4, debounce_id: "b", debounce_ttl: 0 },
        { data: 5, debounce_id: "b" },
        { data: 6, debounce_id: "b" },
        { data: 7 },
        { data: 8, debounce_id: "" },
        { data: 9, job_id: "" },
        { data: 10, group_id: "", debounce_id: "c" },
        { data: 11, debounce_id: "c" },
      ];
      const r = await both(`/queues/${q}/jobs/batch`, { jobs });
      assert.equal(r.edge.status, 200);
      assert.deepEqual(shape(r.edge), shape(r.server));
      assert.deepEqual(
        r.edge.body.errors.map((e: { index: number; code: string }) => [e.index, e.code]),
        [[1, "DEBOUNCED"], [2, "DEBOUNCED"], [5, "DEBOUNCED"], [7, "VALIDATION_ERROR"], [8, "VALIDATION_ERROR"], [9, "VALIDATION_ERROR"]],
      );
      assert.deepEqual(r.edge.body.ids, r.edge.body.data);
      // Only the accepted items became rows, in order.
      const rows = await client()`select id, body from flashq_external where queue = ${q} order by id`;
      assert.deepEqual(rows.map((row) => JSON.parse(row.body as string).job.data), [0, 1, 4, 5, 7, 11]); // a refused item records no window (11 is not debounced by 10)
      assert.deepEqual(rows.slice(1).map((row) => row.id), r.edge.body.ids);
    });
  });
}

test("the default window is the engine's", () => {
  assert.equal(DEFAULT_DEBOUNCE_TTL_MS, DEFAULT_TUNING.defaultDebounceTtlMs);
});

test("producers racing with one debounce_id: exactly one job, every other push DEBOUNCED", async () => {
  const now = () => te.clock.now();
  const sinks = [pgGroupSink(client(), { now }), pgGroupSink(client(), { now }), pgSink(client(), { now }), pgSink(client(), { now })];
  const settled = await Promise.allSettled(
    Array.from({ length: 40 }, (_, i) => sinks[i % sinks.length]!.push({ queue: "race", input: { data: i, debounce_id: "r", debounce_ttl: 60_000 }, raw: "" })),
  );
  const won = settled.filter((s) => s.status === "fulfilled");
  assert.equal(won.length, 1);
  for (const s of settled) if (s.status === "rejected") assert.equal((s.reason as { code: string }).code, "DEBOUNCED");
  const rows = await client()`select id from flashq_external where queue = 'race'`;
  assert.deepEqual(rows.map((r) => r.id), [(won[0] as PromiseFulfilledResult<{ id: number }>).value.id]);
});

test("the port path (PGlite, tools) shares the windows; expired windows are deleted by later pushes", async () => {
  const sql = client();
  const sink = pgSink(sql, { now: () => te.clock.now() });
  await sink.push({ queue: "share", input: { data: 1, debounce_id: "s", debounce_ttl: 100 }, raw: "" });
  const port = createPostgresPort(db.url, { max: 1 });
  try {
    const [refused] = await insertExternalResultsViaPort(port, "share", [{ data: 2, debounce_id: "s" }], te.clock.now());
    assert.equal(typeof refused === "object" && refused.code, "DEBOUNCED");
    te.clock.advance(100);
    const [id] = await insertExternalResultsViaPort(port, "share", [{ data: 3, debounce_id: "s2", debounce_ttl: 100 }], te.clock.now());
    assert.equal(typeof id, "number");
  } finally {
    await port.close();
  }
  // Every window written before now + 100 has expired: the next debounced push prunes them all.
  te.clock.advance(DEFAULT_DEBOUNCE_TTL_MS + 60_000);
  await sink.push({ queue: "share", input: { data: 4, debounce_id: "last" }, raw: "" });
  const left = await sql`select queue, debounce_id from flashq_debounce order by queue, debounce_id`;
  assert.deepEqual(left.map((r) => `${r.queue}/${r.debounce_id}`), ["share/last"]);
});

test("a database migrated before the window table existed gets it from the producer", async () => {
  const old = await createTestDatabase("edge_pg_debounce_v1");
  const port = createPostgresPort(old.url, { max: 1 });
  const sql = createPostgresClient(old.url, { max: 1 });
  try {
    await migrate(port, te.clock.now(), MIGRATIONS.filter((m) => m.version === 1));
    const sink = pgSink(sql, { now: () => te.clock.now(), databaseUrl: old.url });
    const first = await sink.pushBatch({ queue: "v1", inputs: [{ data: 1, debounce_id: "m" }, { data: 2, debounce_id: "m" }], raw: "" });
    assert.equal(first.ids.length, 1);
    assert.deepEqual(first.errors?.map((e) => [e.index, e.code]), [[1, "DEBOUNCED"]]);
    const versions = await port.query<{ version: number }>("select version from flashq_migrations order by version");
    assert.deepEqual(versions.map((r) => Number(r.version)), MIGRATIONS.map((m) => m.version));
  } finally {
    await sql.end({ timeout: 5 });
    await port.close();
    await old.drop();
  }
});
