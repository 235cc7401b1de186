/** Core engine: group commit (settled), write failures, async mode, restart from a snapshot, external inserts. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds, T0 } from "./helpers/engine.ts";
import { FlashQError, ManualClock, MemoryStorage, type Job } from "../../core/index.ts";

/** Let pending microtasks (the engine's flush) run. */
async function ticks(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

describe("core: commit before reply (group commit)", () => {
  it("non-durable storage: nothing is recorded and settled() is already resolved", async () => {
    const { engine, storage } = await startEngine();
    engine.push("q", { data: 1 });
    await engine.settled();
    assert.equal(storage.writes, 0);
    assert.equal(storage.jobs.size, 0);
  });

  it("changes made in one turn are committed in one write; settled() waits for it", async () => {
    const { engine, storage } = await startEngine({ durable: true });
    for (let i = 0; i < 100; i++) engine.push("q", { data: i });
    assert.equal(storage.jobs.size, 0, "not yet written");
    await engine.settled();
    assert.equal(storage.writes, 1);
    assert.equal(storage.jobs.size, 100);
    assert.equal(storage.jobs.get(1)?.state, "waiting");
  });

  it("a batch formed while a write is in flight is written next, in order", async () => {
    const { engine, storage } = await startEngine({ durable: true });
    const id = engine.push("q", { data: 1 }).id;
    const first = engine.settled();
    await ticks(1); // the first write is now in flight
    engine.cancel(id);
    const second = engine.settled();
    await first;
    await second;
    assert.equal(storage.writes, 2);
    assert.equal(storage.jobs.has(id), false, "the removal was applied after the insert");
  });

  it("activation is not a change; ack is", async () => {
    const { engine, storage } = await startEngine({ durable: true });
    const id = engine.push("q", { data: 1 }).id;
    await engine.settled();
    const before = storage.changes;
    engine.tryPull("q", 1);
    engine.heartbeat(id);
    await engine.settled();
    assert.equal(storage.changes, before);
    engine.ack(id, "r");
    await engine.settled();
    assert.equal(storage.jobs.get(id)?.state, "completed");
    assert.equal(storage.jobs.get(id)?.result, "r");
  });

  it("a failed write rejects settled() with a retryable error; the batch is re-sent and storage converges", async () => {
    const { engine, storage, clock } = await startEngine({ durable: true });
    storage.setAvailable(false);
    const id = engine.push("q", { data: 1 }).id;
    await assert.rejects(engine.settled(), (e: unknown) => e instanceof FlashQError && e.retryable && (e.code === "DATABASE_ERROR" || e.code === "SERVICE_UNAVAILABLE"));
    assert.equal(engine.getState(id), "waiting", "memory keeps the job");
    storage.setAvailable(true);
    clock.advance(1000); // the retry timer re-sends the kept batch
    await ticks();
    await engine.settled();
    assert.equal(storage.jobs.get(id)?.state, "waiting");
  });

  it("after a failure, the next settled() re-sends the kept batch before newer changes", async () => {
    const { engine, storage } = await startEngine({ durable: true });
    storage.setAvailable(false);
    const a = engine.push("q", { data: 1 }).id;
    await assert.rejects(engine.settled());
    storage.setAvailable(true);
    const b = engine.push("q", { data: 2 }).id;
    await engine.settled();
    assert.ok(storage.jobs.has(a) && storage.jobs.has(b));
  });

  it("async mode: settled() resolves at once, writes happen in the background", async () => {
    const { engine, storage } = await startEngine({ durable: true, durabilityMode: "async" });
    const id = engine.push("q", { data: 1 }).id;
    await engine.settled();
    await ticks();
    assert.equal(storage.jobs.get(id)?.state, "waiting");
  });

  it("async mode: a failed background write is retried until storage is back", async () => {
    const { engine, storage, clock } = await startEngine({ durable: true, durabilityMode: "async" });
    storage.setAvailable(false);
    const id = engine.push("q", { data: 1 }).id;
    await engine.settled();
    await ticks();
    assert.equal(storage.jobs.has(id), false);
    storage.setAvailable(true);
    clock.advance(1000);
    await ticks();
    assert.equal(storage.jobs.get(id)?.state, "waiting");
  });

  it("stop() flushes pending changes", async () => {
    const { engine, storage } = await startEngine({ durable: true });
    engine.push("q", { data: 1 });
    await engine.stop();
    assert.equal(storage.jobs.size, 1);
  });
});

describe("core: restart from storage", () => {
  it("rebuilds states, indexes, settings and crons; active jobs come back as waiting", async () => {
    const storage = new MemoryStorage({ durable: true });
    const clock = new ManualClock(T0);
    const first = await startEngine({ storage, clock });
    const e1 = first.engine;
    const waiting = e1.push("q", { data: "w", unique_key: "u1", job_id: "custom-1" }).id;
    const delayed = e1.push("q", { data: "d", delay: 60_000 }).id;
    const active = e1.push("work", { data: "a" }).id;
    e1.tryPull("work", 1);
    const done = e1.push("work", { data: "c" }).id;
    e1.tryPull("work", 1);
    e1.ack(done, { r: 1 });
    const dead = e1.push("dlq", { data: "f", max_attempts: 1 }).id;
    e1.tryPull("dlq", 1);
    e1.fail(dead, "broken");
    const dep = e1.push("q", { data: "child", depends_on: [delayed] }).id;
    const flow = e1.pushFlow("parents", null, [{ queue: "kids", data: 1 }]);
    e1.pause("q");
    e1.setRateLimit("work", 7);
    e1.addCron("c1", { queue: "cron-q", data: 1, repeat_every: 10_000 });
    await e1.stop();

    const second = await startEngine({ storage, clock });
    const e2 = second.engine;
    assert.equal(e2.getState(waiting), "waiting");
    assert.equal(e2.getState(delayed), "delayed");
    assert.equal(e2.getState(active), "waiting");
    assert.equal(e2.getState(done), "completed");
    assert.deepEqual(e2.getResult(done), { r: 1 });
    assert.equal(e2.getState(dead), "failed");
    assert.equal(e2.getDlq("dlq")[0].id, dead);
    assert.equal(e2.getState(dep), "waiting-children");
    assert.equal(e2.getState(flow.parent_id), "waiting-parent");
    assert.equal(e2.getJobByCustomId("custom-1")?.job.id, waiting);
    assert.throws(() => e2.push("q", { data: "dup", unique_key: "u1" }), /Duplicate/);
    assert.equal(e2.isPaused("q"), true);
    assert.equal(e2.listQueues().find((q) => q.name === "work")?.rate_limit, 7);
    assert.equal(e2.listCrons()[0].name, "c1");
    const fresh = e2.push("other", { data: 1 }).id;
    assert.ok(fresh > flow.children_ids[0], "ids continue above the stored max");

    // the delayed job is still promoted on time, releasing its dependent
    clock.advance(60_000);
    e2.resume("q");
    assert.deepEqual(pullIds(e2, "q"), [waiting, delayed]);
    e2.ack(delayed);
    assert.equal(e2.getState(dep), "waiting");
    for (const id of pullIds(e2, "kids")) e2.ack(id);
    assert.equal(e2.getState(flow.parent_id), "waiting");
    await e2.stop();
  });
});

describe("core: external inserts (edge producers)", () => {
  it("jobs inserted straight into storage are taken into memory without new changes", async () => {
    const { engine, storage } = await startEngine({ durable: true });
    await engine.settled();
    const writesBefore = storage.writes;
    const job: Job = {
      ...engine.push("tmp", { data: 0 }),
      id: 5000,
      queue: "edge",
      data: { from: "edge" },
    };
    await engine.settled();
    const p = engine.pull("edge", { count: 1, timeoutMs: 10_000 });
    storage.insertExternal({ job, state: "waiting" });
    const [got] = await p;
    assert.equal(got.id, 5000);
    assert.deepEqual(got.data, { from: "edge" });
    assert.equal(storage.writes, writesBefore + 1, "only the tmp push was written");
    assert.ok(engine.push("edge", { data: 1 }).id > 5000);
  });
});
