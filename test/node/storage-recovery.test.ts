/**
 * Engine-level recovery on PostgreSQL and PGlite: build up every kind of state,
 * let the engine commit, abandon it without stop() (as a crash would), start a new
 * engine on the same database and check that the state came back.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, ManualClock, type Engine } from "../../core/index.ts";
import { DuplicateJobError } from "../../core/errors.ts";
import { openSqlPort, openSqlStorage } from "../../adapters/storage/open.ts";
import { createPglitePort } from "../../adapters/storage/pglite-driver.ts";
import type { Storage } from "../../core/ports.ts";
import type { SqlPort } from "../../adapters/storage/sql-port.ts";
import { createTestDatabase } from "../helpers/pg.ts";

for (const kind of ["postgres", "pglite"] as const) {
  describe(`engine recovery: ${kind}`, () => {
    let makePort: () => Promise<SqlPort>;
    let cleanup: () => Promise<void>;
    const storages: Storage[] = [];
    const engines: Engine[] = [];
    before(async () => {
      if (kind === "postgres") {
        const db = await createTestDatabase("recovery");
        makePort = () => openSqlPort(db.url);
        cleanup = () => db.drop();
      } else {
        const dir = mkdtempSync(join(tmpdir(), "flashq-pglite-"));
        makePort = () => createPglitePort(dir);
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      }
    });
    after(async () => {
      for (const e of engines) await e.stop().catch(() => {});
      for (const s of storages) await s.close().catch(() => {});
      await cleanup();
    });

    async function boot(clock: ManualClock): Promise<Engine> {
      const { storage, ids } = await openSqlStorage(await makePort());
      storages.push(storage);
      const engine = createEngine({ clock, storage, ids });
      engines.push(engine);
      await engine.start();
      return engine;
    }

    /** "Crash": the process would die here; we only close the connections (no engine.stop()). */
    async function crash(): Promise<void> {
      const s = storages.pop()!;
      engines.pop();
      await s.close();
    }

    test("every kind of state survives a restart", async () => {
      const clock = new ManualClock();
      const e1 = await boot(clock);
      const waiting = e1.push("rec", { data: { n: 1 }, priority: 7, tags: ["x"] });
      const delayed = e1.push("rec", { data: { n: 2 }, delay: 60_000 });
      const custom = e1.push("rec", { data: { n: 3 }, job_id: "order-42" });
      const unique = e1.push("rec", { data: { n: 4 }, unique_key: "only-one" });
      const retained = e1.push("done", { data: "keep" });
      const removed = e1.push("done", { data: "drop", remove_on_complete: true });
      const doomed = e1.push("dlq", { data: "bad", max_attempts: 1 });
      const active = e1.push("busy", { data: "in flight" });
      const dep = e1.push("deps", { data: "after", depends_on: [waiting.id] });
      const flow = e1.pushFlow("flows", { parent: true }, [{ queue: "flow-kids", data: 1 }, { queue: "flow-kids", data: 2 }]);
      e1.addCron("tick", { queue: "cron-q", data: { c: 1 }, repeat_every: 3_600_000 });
      e1.pause("paused-q");
      e1.setRateLimit("limited", 50);
      e1.setConcurrency("limited", 3);

      const done = e1.tryPull("done", 2);
      assert.equal(done.length, 2);
      e1.ack(retained.id, { answer: 42 });
      e1.ack(removed.id);
      const [bad] = e1.tryPull("dlq", 1);
      e1.fail(bad!.id, "kaput");
      assert.equal(e1.tryPull("busy", 1).length, 1);
      await e1.settled();
      const maxBefore = Math.max(waiting.id, delayed.id, custom.id, unique.id, retained.id, removed.id, doomed.id, active.id, dep.id, flow.parent_id, ...flow.children_ids);
      await crash();

      const e2 = await boot(clock);
      assert.equal(e2.getState(waiting.id), "waiting");
      assert.equal(e2.getJob(waiting.id)?.job.priority, 7);
      assert.equal(e2.getState(delayed.id), "delayed");
      assert.equal(e2.getJobByCustomId("order-42")?.job.id, custom.id);
      assert.equal(e2.push("rec", { data: "again", job_id: "order-42" }).id, custom.id, "custom id still dedups");
      assert.throws(() => e2.push("rec", { data: "dup", unique_key: "only-one" }), DuplicateJobError);
      assert.equal(e2.getState(retained.id), "completed");
      assert.deepEqual(e2.getResult(retained.id), { answer: 42 });
      assert.equal(e2.getState(removed.id), "unknown");
      assert.deepEqual(e2.getDlq("dlq").map((j) => j.id), [doomed.id]);
      assert.equal(e2.getState(active.id), "waiting", "active jobs go back to waiting");
      assert.equal(e2.getState(dep.id), "waiting-children");
      assert.equal(e2.getState(flow.parent_id), "waiting-parent");
      assert.deepEqual(e2.getChildren(flow.parent_id).children_ids.sort(), [...flow.children_ids].sort());
      assert.deepEqual(e2.listCrons().map((c) => c.name), ["tick"]);
      assert.equal(e2.isPaused("paused-q"), true);
      const limited = e2.listQueues().find((q) => q.name === "limited");
      assert.equal(limited?.rate_limit, 50);
      assert.equal(limited?.concurrency_limit, 3);

      // Dependencies still release after the restart, and new ids never repeat.
      const [w] = e2.tryPull("rec", 1);
      assert.equal(w?.id, waiting.id);
      e2.ack(waiting.id);
      assert.equal(e2.getState(dep.id), "waiting");
      const fresh = e2.push("rec", { data: "new" });
      assert.ok(fresh.id > maxBefore, `new id ${fresh.id} must be above ${maxBefore}`);
      await e2.settled();
      await crash();

      const e3 = await boot(clock);
      assert.equal(e3.getState(waiting.id), "completed");
      assert.equal(e3.getState(dep.id), "waiting");
      assert.equal(e3.getState(fresh.id), "waiting");
    });
  });
}
