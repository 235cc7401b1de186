/** Core engine: time-driven behaviour — job timeout, stall detection, retention. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds, eventTypes } from "./helpers/engine.ts";

describe("core: job timeout", () => {
  it("an active job past its timeout is failed (timeout event) and retried, exactly on time", async () => {
    const { engine, clock, events } = await startEngine();
    const id = engine.push("q", { data: 1, timeout: 1000 }).id;
    engine.tryPull("q", 1);
    clock.advance(999);
    assert.equal(engine.getState(id), "active");
    clock.advance(1);
    assert.equal(engine.getState(id), "waiting");
    assert.equal(engine.getJob(id)?.job.attempts, 1);
    assert.equal(engine.getJob(id)?.job.progress_msg, "Job timed out");
    assert.deepEqual(eventTypes(events, id), ["pushed", "active", "timeout", "retried"]);
  });

  it("a timed-out job with no attempts left goes to the DLQ", async () => {
    const { engine, clock } = await startEngine({ tuning: { leaseCheckIntervalMs: 100 } });
    const id = engine.push("q", { data: 1, timeout: 500, max_attempts: 1 }).id;
    engine.tryPull("q", 1);
    clock.advance(500);
    assert.equal(engine.getState(id), "failed");
  });

  it("an ack before the timeout cancels it", async () => {
    const { engine, clock, events } = await startEngine();
    const id = engine.push("q", { data: 1, timeout: 1000 }).id;
    engine.tryPull("q", 1);
    clock.advance(500);
    engine.ack(id);
    clock.advance(1000);
    assert.equal(engine.getState(id), "completed");
    assert.ok(!events.some((e) => e.type === "timeout"));
  });

  it("a late ack after a timeout is refused (the job is no longer active)", async () => {
    const { engine, clock } = await startEngine({ tuning: { leaseCheckIntervalMs: 100 } });
    const id = engine.push("q", { data: 1, timeout: 500, backoff: 10_000 }).id;
    engine.tryPull("q", 1);
    clock.advance(600);
    assert.throws(() => engine.ack(id));
  });
});

describe("core: stall detection", () => {
  it("no heartbeat within stall_timeout → back to waiting with stall_count+1", async () => {
    const { engine, clock, events } = await startEngine({ tuning: { leaseCheckIntervalMs: 100 } });
    const id = engine.push("q", { data: 1, stall_timeout: 1000 }).id;
    engine.tryPull("q", 1);
    clock.advance(600);
    engine.heartbeat(id);
    clock.advance(600);
    assert.equal(engine.getState(id), "active", "the heartbeat postponed the stall");
    clock.advance(400);
    assert.equal(engine.getState(id), "waiting");
    assert.equal(engine.getJob(id)?.job.stall_count, 1);
    assert.equal(engine.getJob(id)?.job.attempts, 0);
    assert.ok(events.some((e) => e.type === "stalled" && e.jobId === id && e.stallCount === 1));
    assert.equal(engine.getLogs(id)[0].level, "warn");
  });

  it("after maxStalls stalls the job goes to the DLQ", async () => {
    const { engine, clock } = await startEngine({ tuning: { leaseCheckIntervalMs: 100, maxStalls: 2 } });
    const id = engine.push("q", { data: 1, stall_timeout: 500 }).id;
    engine.tryPull("q", 1);
    clock.advance(500);
    assert.equal(engine.getState(id), "waiting");
    engine.tryPull("q", 1);
    clock.advance(500);
    assert.equal(engine.getState(id), "failed");
  });

  it("the default stall timeout is 30 s", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    engine.tryPull("q", 1);
    clock.advance(29_000);
    assert.equal(engine.getState(id), "active");
    clock.advance(1500);
    assert.equal(engine.getState(id), "waiting");
  });
});

describe("core: retention", () => {
  it("remove_on_complete drops the job at ack (the waiter still gets the result)", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: 1, remove_on_complete: true }).id;
    const p = engine.finished(id, 1000);
    engine.tryPull("q", 1);
    engine.ack(id, "r");
    assert.equal(await p, "r");
    assert.equal(engine.getState(id), "unknown");
    assert.equal(engine.getResult(id), null);
  });

  it("keep_completed_age drops the completed job after the age", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1, keep_completed_age: 5000 }).id;
    engine.tryPull("q", 1);
    engine.ack(id, "r");
    clock.advance(4999);
    assert.equal(engine.getResult(id), "r");
    clock.advance(1);
    assert.equal(engine.getState(id), "unknown");
  });

  it("keep_completed_count keeps only the newest N completed jobs of the queue", async () => {
    const { engine } = await startEngine();
    const ids = [1, 2, 3, 4].map((i) => engine.push("q", { data: i, keep_completed_count: 2 }).id);
    for (const id of pullIds(engine, "q")) engine.ack(id);
    assert.deepEqual(
      ids.map((id) => engine.getState(id)),
      ["unknown", "unknown", "completed", "completed"],
    );
  });

  it("the per-queue cap bounds completed jobs kept by default", async () => {
    const { engine } = await startEngine({ tuning: { maxCompletedPerQueue: 3 } });
    const ids = [1, 2, 3, 4, 5].map((i) => engine.push("q", { data: i }).id);
    for (const id of pullIds(engine, "q")) engine.ack(id);
    assert.equal(engine.getJobCounts("q").completed, 3);
    assert.equal(engine.getState(ids[0]), "unknown");
    assert.equal(engine.getState(ids[4]), "completed");
  });
});
