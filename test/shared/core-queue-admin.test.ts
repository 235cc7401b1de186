/** Core engine: queue management — pause/resume, drain, obliterate, clean, list, DLQ. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds } from "./helpers/engine.ts";
import { ValidationError } from "../../core/index.ts";

describe("core: queue management", () => {
  it("pause blocks pulls; resume serves a blocked pull at once", async () => {
    const { engine, events } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    engine.pause("q");
    assert.equal(engine.isPaused("q"), true);
    assert.deepEqual(engine.tryPull("q", 1), []);
    const p = engine.pull("q", { count: 1, timeoutMs: 10_000 });
    engine.resume("q");
    assert.equal((await p)[0].id, id);
    assert.equal(engine.isPaused("q"), false);
    assert.deepEqual(
      events.filter((e) => e.type === "paused" || e.type === "resumed").map((e) => e.type),
      ["paused", "resumed"],
    );
  });

  it("drain removes waiting and delayed jobs only", async () => {
    const { engine } = await startEngine();
    engine.push("q", { data: 1 });
    engine.push("q", { data: 2, delay: 1000 });
    const active = engine.push("q", { data: 3, priority: 9 }).id;
    engine.tryPull("q", 1);
    assert.equal(engine.drain("q"), 2);
    assert.equal(engine.count("q"), 0);
    assert.equal(engine.getState(active), "active");
  });

  it("obliterate removes every job and the queue's settings", async () => {
    const { engine } = await startEngine();
    engine.push("q", { data: 1, unique_key: "k" });
    engine.push("q", { data: 2, delay: 1000 });
    const done = engine.push("q", { data: 3, priority: 5 }).id;
    engine.tryPull("q", 1);
    engine.ack(done);
    engine.setRateLimit("q", 5);
    engine.pause("q");
    assert.equal(engine.obliterate("q"), 3);
    assert.deepEqual(engine.listQueues(), []);
    assert.equal(engine.isPaused("q"), false);
    engine.push("q", { data: 4, unique_key: "k" }); // key freed
    assert.equal(engine.obliterate("never-used"), 0);
  });

  it("clean removes jobs older than the grace period, oldest first, up to limit", async () => {
    const { engine, clock } = await startEngine();
    const old1 = engine.push("q", { data: 1 }).id;
    const old2 = engine.push("q", { data: 2 }).id;
    clock.advance(10_000);
    const fresh = engine.push("q", { data: 3 }).id;
    assert.equal(engine.clean("q", 5000, "waiting", 1), 1);
    assert.equal(engine.getState(old1), "unknown");
    assert.equal(engine.clean("q", 5000, "waiting"), 1);
    assert.equal(engine.getState(old2), "unknown");
    assert.equal(engine.getState(fresh), "waiting");
    assert.throws(() => engine.clean("q", 0, "active" as "waiting"), ValidationError);
  });

  it("clean of completed uses the completion time", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    clock.advance(10_000);
    engine.tryPull("q", 1);
    engine.ack(id);
    assert.equal(engine.clean("q", 5000, "completed"), 0);
    clock.advance(5000);
    assert.equal(engine.clean("q", 5000, "completed"), 1);
  });

  it("listQueues reports per-queue counts and limits", async () => {
    const { engine } = await startEngine();
    engine.push("b", { data: 1 });
    engine.push("a", { data: 1, delay: 100 });
    engine.setConcurrency("a", 3);
    assert.deepEqual(engine.listQueues(), [
      { name: "a", pending: 0, processing: 0, completed: 0, delayed: 1, dlq: 0, paused: false, rate_limit: null, concurrency_limit: 3 },
      { name: "b", pending: 1, processing: 0, completed: 0, delayed: 0, dlq: 0, paused: false, rate_limit: null, concurrency_limit: null },
    ]);
  });

  it("DLQ: list oldest first, retry one, retry all (attempts reset), purge", async () => {
    const { engine } = await startEngine();
    const ids = [1, 2, 3].map((i) => engine.push("q", { data: i, max_attempts: 1 }).id);
    for (const id of pullIds(engine, "q")) engine.fail(id, "x");
    assert.deepEqual(
      engine.getDlq("q").map((j) => j.id),
      ids,
    );
    assert.deepEqual(
      engine.getDlq("q", 2).map((j) => j.id),
      ids.slice(0, 2),
    );
    assert.equal(engine.retryDlq("q", ids[1]), 1);
    assert.equal(engine.getState(ids[1]), "waiting");
    assert.equal(engine.getJob(ids[1])?.job.attempts, 0);
    // An id that is not in this queue's DLQ moves nothing: a count of 0 (flashQ), no error.
    assert.equal(engine.retryDlq("q", ids[1]), 0);
    assert.equal(engine.getState(ids[1]), "waiting");
    assert.equal(engine.retryDlq("q", 999), 0);
    assert.equal(engine.retryDlq("other", ids[0]), 0);
    assert.equal(engine.getState(ids[0]), "failed");
    assert.equal(engine.retryDlq("q"), 2);
    assert.equal(engine.count("q"), 3);
    for (const id of pullIds(engine, "q")) engine.fail(id, "again");
    assert.equal(engine.purgeDlq("q"), 3);
    assert.deepEqual(engine.getDlq("q"), []);
  });
});
