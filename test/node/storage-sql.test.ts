/**
 * Checks specific to the SQL storage (PostgreSQL and PGlite): migrations
 * (twice, 20 concurrent installs, newer breaking schema refused), batch
 * atomicity, bad text, exactly-once taking of external jobs, the id reserve,
 * error mapping and URL selection.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FlashQError, ValidationError } from "../../core/errors.ts";
import type { Change, Job, JobInput, StoredJob } from "../../core/index.ts";
import { insertExternalViaPort } from "../../adapters/storage/external-insert.ts";
import { createPostgresClient, createPostgresPort } from "../../adapters/postgres/driver.ts";
import { insertExternalJobs } from "../../adapters/postgres/external-jobs.ts";
import { BlockIdSource } from "../../adapters/storage/id-blocks.ts";
import { toStorageError } from "../../adapters/storage/map-error.ts";
import { MIGRATIONS, migrate } from "../../adapters/storage/migrations.ts";
import { openSqlPort, openSqlStorage, openStorage } from "../../adapters/storage/open.ts";
import { createPglitePort } from "../../adapters/storage/pglite-driver.ts";
import type { SqlPort } from "../../adapters/storage/sql-port.ts";
import { copyField } from "../../adapters/storage/copy-rows.ts";
import { sampleJob } from "../conformance/storage.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/pg.ts";

const stored = (job: Job, state: StoredJob["state"] = "waiting"): StoredJob => ({ job, state });

describe("migrations on PostgreSQL", () => {
  let db: TestDatabase;
  const ports: SqlPort[] = [];
  before(async () => {
    db = await createTestDatabase("migrations");
  });
  after(async () => {
    for (const p of ports) await p.close();
    await db.drop();
  });
  const port = () => {
    const p = createPostgresPort(db.url, { max: 1 });
    ports.push(p);
    return p;
  };

  test("20 concurrent installs apply each migration exactly once", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => migrate(port(), 1)));
    const applied = results.flat();
    assert.deepEqual(applied.sort(), MIGRATIONS.map((m) => m.version).sort());
    const rows = await ports[0]!.query<{ version: number }>("select version from flashq_migrations order by version");
    assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version));
  });

  test("migrating twice applies nothing the second time", async () => {
    assert.deepEqual(await migrate(port(), 2), []);
  });

  test("a database with a newer breaking migration is refused", async () => {
    const p = port();
    await p.query("insert into flashq_migrations (version, name, breaking, applied_at) values (999, 'future', true, 3)");
    await assert.rejects(migrate(p, 4), (e: unknown) => e instanceof FlashQError && e.code === "DATABASE_ERROR" && !e.retryable);
    await p.query("delete from flashq_migrations where version = 999");
  });
});

for (const kind of ["postgres", "pglite"] as const) {
  describe(`SQL storage specifics: ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let makePort: () => Promise<SqlPort>;
    let url: string;
    let withClient: <T>(fn: (sql: ReturnType<typeof createPostgresClient>) => Promise<T>) => Promise<T>;
    before(async () => {
      if (kind === "postgres") {
        const db = await createTestDatabase("sql_specifics");
        url = db.url;
        withClient = async (fn) => {
          const sql = createPostgresClient(db.url, { max: 1 });
          try {
            return await fn(sql);
          } finally {
            await sql.end();
          }
        };
        makePort = () => openSqlPort(db.url); // the port the server opens (COPY included)
        cleanup = () => db.drop();
      } else {
        const dir = mkdtempSync(join(tmpdir(), "flashq-pglite-"));
        url = `pglite://${dir}`;
        makePort = () => createPglitePort(dir);
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      }
    });
    after(() => cleanup());

    test("a batch is all or nothing", async () => {
      const { storage } = await openSqlStorage(await makePort());
      try {
        const bad = { ...sampleJob(2), queue: undefined } as unknown as Job;
        await assert.rejects(
          storage.write([
            { type: "inserted", stored: stored(sampleJob(1)) },
            { type: "queue", settings: { queue: "atomic", paused: true, rate_limit: null, concurrency_limit: null } },
            { type: "inserted", stored: stored(bad) },
          ]),
          (e: unknown) => e instanceof FlashQError && e.code === "DATABASE_ERROR" && e.retryable === false,
        );
        const snap = await storage.load();
        assert.equal(snap.jobs.some((s) => s.job.id === 1), false);
        assert.equal(snap.queues.some((q) => q.queue === "atomic"), false);
        // The storage stays usable after a rejected batch.
        await storage.write([{ type: "inserted", stored: stored(sampleJob(3)) }]);
        assert.ok((await storage.load()).jobs.some((s) => s.job.id === 3));
      } finally {
        await storage.close();
      }
    });

    test("a batch larger than one statement is split, still all or nothing", async () => {
      const opened = await openSqlStorage(await makePort(), { chunkRows: 100 });
      const storage = opened.storage;
      try {
        const ids = Array.from({ length: 450 }, (_, i) => 1000 + i);
        await storage.write(ids.map((id) => ({ type: "inserted", stored: stored(sampleJob(id)) })));
        await storage.write([
          ...ids.slice(0, 250).map((id): Change => ({ type: "updated", stored: stored(sampleJob(id, { data: "v2" }), "completed") })),
          ...ids.slice(250).map((id): Change => ({ type: "removed", id })),
          ...ids.map((id) => ({ type: "inserted" as const, stored: stored(sampleJob(id + 10_000)) })),
          { type: "queue", settings: { queue: "chunked", paused: true, rate_limit: 1, concurrency_limit: 2 } },
        ]);
        let snap = await storage.load();
        const got = new Map(snap.jobs.map((s) => [s.job.id, s]));
        assert.ok(ids.slice(0, 250).every((id) => got.get(id)?.job.data === "v2" && got.get(id)?.state === "completed"));
        assert.ok(ids.slice(250).every((id) => !got.has(id)));
        assert.ok(ids.every((id) => got.has(id + 10_000)));
        assert.ok(snap.queues.some((q) => q.queue === "chunked"));
        // A bad row in the last chunk rolls the whole batch back.
        const bad = { ...sampleJob(30_000), queue: undefined } as unknown as Job;
        await assert.rejects(
          storage.write([
            ...ids.map((id) => ({ type: "inserted" as const, stored: stored(sampleJob(id + 20_000)) })),
            { type: "inserted", stored: stored(bad) },
          ]),
          FlashQError,
        );
        snap = await storage.load();
        assert.equal(snap.jobs.some((s) => s.job.id >= 21_000 && s.job.id < 22_000), false);
      } finally {
        await storage.close();
      }
    });

    test("a new job whose row already exists (an earlier write did commit) is upserted, not failed", async () => {
      const { storage } = await openSqlStorage(await makePort());
      try {
        await storage.write([{ type: "inserted", stored: stored(sampleJob(20, { data: "first" })) }]);
        await storage.write([
          { type: "inserted", stored: stored(sampleJob(20, { data: "re-sent" })) },
          { type: "inserted", stored: stored(sampleJob(21)) },
        ]);
        const jobs = (await storage.load()).jobs;
        assert.equal(jobs.find((s) => s.job.id === 20)?.job.data, "re-sent");
        assert.ok(jobs.some((s) => s.job.id === 21));
      } finally {
        await storage.close();
      }
    });
    test("a split batch whose first or middle chunk meets existing rows is upserted whole", async () => {
      const opened = await openSqlStorage(await makePort(), { chunkRows: 100 });
      const storage = opened.storage;
      try {
        // Rows that exist already, in the first chunk (40_000) and a middle one (40_150).
        await storage.write([40_000, 40_150].map((id) => ({ type: "inserted" as const, stored: stored(sampleJob(id, { data: "first" })) })));
        const ids = Array.from({ length: 350 }, (_, i) => 40_000 + i);
        await storage.write(ids.map((id) => ({ type: "inserted" as const, stored: stored(sampleJob(id, { data: "re-sent" })) })));
        const got = new Map((await storage.load()).jobs.map((s) => [s.job.id, s]));
        assert.ok(ids.every((id) => got.get(id)?.job.data === "re-sent"));
      } finally {
        await storage.close();
      }
    });


    test("text PostgreSQL refuses (lone surrogates, NUL) never fails a batch", async () => {
      const { storage } = await openSqlStorage(await makePort());
      try {
        // In data: stored exactly (bodies travel JSON-escaped).
        await storage.write([{ type: "inserted", stored: stored(sampleJob(10, { data: "a\ud800b \u0000 😀" })) }]);
        // In a key column: the batch is re-sent with U+FFFD in the column, the body exact.
        await storage.write([
          { type: "inserted", stored: stored(sampleJob(11, { custom_id: "c\u0000x", unique_key: "u\udc00" })) },
          { type: "queue", settings: { queue: "q\ud800", paused: true, rate_limit: null, concurrency_limit: null } },
        ]);
        const snap = await storage.load();
        assert.equal(snap.jobs.find((s) => s.job.id === 10)?.job.data, "a\ud800b \u0000 😀");
        assert.equal(snap.jobs.find((s) => s.job.id === 11)?.job.custom_id, "c\u0000x");
        assert.ok(snap.queues.some((q) => q.queue === "q\ufffd"));
      } finally {
        await storage.close();
      }
    });

    test("the id reserve refills itself and throws a retryable error only when a burst empties it", async () => {
      const port = await makePort();
      try {
        const ids = new BlockIdSource(port, { reserveBlocks: 1, maxReserveBlocks: 4 });
        await ids.start();
        const got: number[] = [];
        let thrown: unknown = null;
        try {
          for (let i = 0; i < 5000; i++) got.push(ids.next());
        } catch (e) {
          thrown = e;
        }
        assert.ok(thrown instanceof FlashQError && thrown.code === "SERVICE_UNAVAILABLE" && thrown.retryable);
        await ids.refill();
        const more = ids.next();
        assert.ok(more > got[got.length - 1]!);
        assert.equal(new Set(got).size, got.length);
      } finally {
        await port.close();
      }
    });

    test("edge inserts answer a retried custom id or live unique key with the original id", async () => {
      const { storage } = await openSqlStorage(await makePort());
      const port = (storage as unknown as { port: SqlPort }).port;
      const edge = (inputs: JobInput[]) =>
        kind === "postgres" ? withClient((sql) => insertExternalJobs(sql, "idem", inputs, 1)) : insertExternalViaPort(port, "idem", inputs, 1);
      try {
        const [first] = await edge([{ data: 1, job_id: "order-9" }]);
        assert.deepEqual(await edge([{ data: 1, job_id: "order-9" }]), [first]);
        const [u] = await edge([{ data: 2, unique_key: "u-9" }]);
        const batch = await edge([{ data: 2, unique_key: "u-9" }, { data: 3, job_id: "order-9" }, { data: 4, job_id: "new" }, { data: 5, job_id: "new" }]);
        assert.equal(batch[0], u);
        assert.equal(batch[1], first);
        assert.equal(batch[2], batch[3]);
        const taken = await storage.takeExternal!();
        assert.deepEqual(taken.map((t) => t.job.id).sort((a, b) => a - b), [first!, u!, batch[2]!].sort((a, b) => a - b));
        // Once taken, the rows still hold the keys; a completed job frees its unique key.
        assert.deepEqual(await edge([{ data: 1, job_id: "order-9" }]), [first]);
        const done = taken.find((t) => t.job.id === u)!;
        await storage.write([{ type: "updated", stored: { ...done, state: "completed" } }]);
        const [again] = await edge([{ data: 6, unique_key: "u-9" }]);
        assert.notEqual(again, u);
      } finally {
        await storage.close();
      }
    });

    test("openStorage selects this adapter from its URL", async () => {
      const { storage, ids } = await openStorage(url);
      try {
        assert.equal(storage?.durable, true);
        assert.equal(typeof ids?.next(), "number");
      } finally {
        await storage?.close();
      }
    });
  });
}

/** A port that counts how its COPYs ended. */
function countingCopies(port: SqlPort): { port: SqlPort; copies: { ok: number; failed: number } } {
  const copies = { ok: 0, failed: 0 };
  const copyIn = port.copyIn!;
  const wrapped: SqlPort = {
    ...port,
    async copyIn(statement, next) {
      try {
        await copyIn.call(port, statement, next);
        copies.ok++;
      } catch (err) {
        copies.failed++;
        throw err;
      }
    },
  };
  return { port: wrapped, copies };
}

describe("COPY on PostgreSQL (batches of new rows)", () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase("copy");
  });
  after(() => db.drop());

  test("COPY's text format: null, backslash, newline, CR and tab escaped", () => {
    assert.equal(copyField(null), "\\N");
    assert.equal(copyField(undefined), "\\N");
    assert.equal(copyField("plain é😀"), "plain é😀");
    assert.equal(copyField("a\\b\nc\rd\te\\N"), "a\\\\b\\nc\\rd\\te\\\\N");
  });

  test("a batch of new rows goes by COPY, in chunks, every byte of keys and data intact", async () => {
    const { port, copies } = countingCopies(await openSqlPort(db.url));
    assert.equal(typeof port.copyIn, "function");
    const { storage } = await openSqlStorage(port, { copyChunkRows: 100, copyMinRows: 1 });
    try {
      const odd = "tab\t nl\n cr\r bs\\ \\N quote\" é😀 \u0001";
      const jobs = Array.from({ length: 250 }, (_, i) =>
        sampleJob(50_000 + i, { queue: i % 2 ? `q${odd}` : "plain", custom_id: i % 3 ? null : `c${i}${odd}`, data: { i, odd, lone: "a\ud800b", nul: "x\u0000y" } }),
      );
      await storage.write(jobs.map((job) => ({ type: "inserted" as const, stored: stored(job) })));
      assert.deepEqual(copies, { ok: 1, failed: 0 });
      const got = new Map((await storage.load()).jobs.map((s) => [s.job.id, s]));
      for (const job of jobs) assert.deepEqual(got.get(job.id), stored(job));
      // The row columns the indexes and the edge path read hold the same text.
      const rows = await port.query<{ queue: string; custom_id: string | null }>(
        "select queue, custom_id from flashq_jobs where id = $1",
        [50_000],
      );
      assert.deepEqual(rows[0], { queue: "plain", custom_id: `c0${odd}` });
    } finally {
      await storage.close();
    }
  });

  test("a COPY that fails (row exists, NUL in a key, a bad row) leaves the batch to the statements, and no connection stuck in its transaction", async () => {
    const { port, copies } = countingCopies(await openSqlPort(db.url));
    const { storage } = await openSqlStorage(port, { copyMinRows: 1 });
    try {
      await storage.write([{ type: "inserted", stored: stored(sampleJob(60_000, { data: "first" })) }]);
      assert.deepEqual(copies, { ok: 1, failed: 0 });
      // The row exists already (an earlier write did commit): the COPY fails, the statements upsert.
      await storage.write([60_000, 60_001].map((id) => ({ type: "inserted" as const, stored: stored(sampleJob(id, { data: "again" })) })));
      // NUL in a key column: PostgreSQL refuses it in COPY text; the statements store U+FFFD.
      await storage.write([{ type: "inserted", stored: stored(sampleJob(60_002, { custom_id: "c\u0000x" })) }]);
      assert.deepEqual(copies, { ok: 1, failed: 2 });
      // A row that can never be stored fails the batch with the statements' own error.
      const bad = { ...sampleJob(60_003), queue: undefined } as unknown as Job;
      await assert.rejects(
        storage.write([{ type: "inserted", stored: stored(bad) }]),
        (e: unknown) => e instanceof FlashQError && e.code === "DATABASE_ERROR" && e.retryable === false,
      );
      assert.equal(copies.failed, 3);
      const jobs = new Map((await storage.load()).jobs.map((s) => [s.job.id, s]));
      assert.equal(jobs.get(60_000)?.job.data, "again");
      assert.equal(jobs.get(60_001)?.job.data, "again");
      assert.equal(jobs.get(60_002)?.job.custom_id, "c\u0000x");
      assert.equal(jobs.has(60_003), false);
      const [key] = await port.query<{ custom_id: string }>("select custom_id from flashq_jobs where id = 60002");
      assert.equal(key?.custom_id, "c\ufffdx");
      // Every failed COPY was rolled back: no connection is left inside its transaction.
      const stuck = await port.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'",
      );
      assert.equal(stuck[0]?.n, 0);
      // And the storage keeps writing by COPY.
      await storage.write([{ type: "inserted", stored: stored(sampleJob(60_004)) }]);
      assert.equal(copies.ok, 2);
    } finally {
      await storage.close();
    }
  });
});

describe("external jobs on PostgreSQL", () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase("external");
  });
  after(() => db.drop());

  test("two servers racing take every external job exactly once", async () => {
    const a = await openSqlStorage(createPostgresPort(db.url));
    const b = await openSqlStorage(createPostgresPort(db.url));
    const edge = createPostgresClient(db.url, { max: 2 });
    try {
      const inserted: number[] = [];
      const taken: number[][] = [[], []];
      for (let round = 0; round < 10; round++) {
        const batch = Array.from({ length: 50 }, (_, i) => ({ data: { round, i } }));
        const [ids, ta, tb] = await Promise.all([
          insertExternalJobs(edge, "race", batch, 1_700_000_000_000),
          a.storage.takeExternal!(),
          b.storage.takeExternal!(),
        ]);
        inserted.push(...ids);
        taken[0]!.push(...ta.map((s) => s.job.id));
        taken[1]!.push(...tb.map((s) => s.job.id));
      }
      taken[0]!.push(...(await a.storage.takeExternal!()).map((s) => s.job.id));
      const all = [...taken[0]!, ...taken[1]!].sort((x, y) => x - y);
      assert.deepEqual(all, inserted.sort((x, y) => x - y));
      // A restarted server does not see them as external again.
      assert.deepEqual(await b.storage.takeExternal!(), []);
    } finally {
      await edge.end();
      await a.storage.close();
      await b.storage.close();
    }
  });

  test("an edge batch takes ids from the shared sequence, distinct from a server's", async () => {
    const s = await openSqlStorage(createPostgresPort(db.url));
    const edge = createPostgresClient(db.url, { max: 1 });
    try {
      const serverIds = Array.from({ length: 100 }, () => s.ids.next());
      const edgeIds = await insertExternalJobs(edge, "shared-seq", [{ data: 1 }, { data: 2 }], 1);
      for (const id of edgeIds) assert.equal(serverIds.includes(id), false);
      await assert.rejects(insertExternalJobs(edge, "big", Array.from({ length: 1001 }, () => ({ data: 0 })), 1), ValidationError);
    } finally {
      await edge.end();
      await s.storage.close();
    }
  });
});

describe("error mapping and URL selection", () => {
  test("driver and SQLSTATE errors map to typed, retryable-or-not errors", () => {
    const cases: [unknown, string, boolean][] = [
      [Object.assign(new Error("refused"), { code: "ECONNREFUSED" }), "SERVICE_UNAVAILABLE", true],
      [Object.assign(new Error("closed"), { code: "CONNECTION_CLOSED" }), "SERVICE_UNAVAILABLE", true],
      [Object.assign(new Error("admin shutdown"), { code: "57P01" }), "SERVICE_UNAVAILABLE", true],
      [Object.assign(new Error("serialization"), { code: "40001" }), "DATABASE_ERROR", true],
      [Object.assign(new Error("disk full"), { code: "53100" }), "DATABASE_ERROR", true],
      [Object.assign(new Error("unique"), { code: "23505" }), "DATABASE_ERROR", false],
      [new Error("no code"), "DATABASE_ERROR", false],
      [Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]), {}), "SERVICE_UNAVAILABLE", true],
    ];
    for (const [err, code, retryable] of cases) {
      const mapped = toStorageError(err);
      assert.equal(mapped.code, code, String(err));
      assert.equal(mapped.retryable, retryable, String(err));
      assert.equal(mapped.cause, err);
    }
    const already = new FlashQError("x", "SERVICE_UNAVAILABLE", true);
    assert.equal(toStorageError(already), already);
  });

  test("no URL means in-memory; an unknown scheme is a validation error", async () => {
    assert.deepEqual(await openStorage(undefined), {});
    assert.deepEqual(await openStorage(""), {});
    await assert.rejects(openStorage("mysql://x"), ValidationError);
  });
});
