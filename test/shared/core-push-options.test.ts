/** Core engine: PushOptions — delay, ttl, unique_key, custom id, debounce, tags, data size. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds, T0 } from "./helpers/engine.ts";
import { DuplicateJobError, MAX_JOB_DATA_SIZE, ValidationError } from "../../core/index.ts";

describe("core: push options", () => {
  it("delay: the job is delayed and promoted on time by the clock", async () => {
    const { engine, clock } = await startEngine();
    const job = engine.push("q", { data: 1, delay: 5000 });
    assert.equal(job.run_at, T0 + 5000);
    assert.equal(engine.getState(job.id), "delayed");
    assert.deepEqual(engine.tryPull("q", 1), []);
    clock.advance(4999);
    assert.equal(engine.getState(job.id), "delayed");
    clock.advance(1);
    assert.equal(engine.getState(job.id), "waiting");
    assert.deepEqual(pullIds(engine, "q"), [job.id]);
  });

  it("a blocked pull receives a delayed job when it becomes due", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1, delay: 2000 }).id;
    const p = engine.pull("q", { count: 1, timeoutMs: 10_000 });
    clock.advance(2000);
    assert.equal((await p)[0].id, id);
  });

  it("a delayed high-priority job does not block ready lower-priority jobs", async () => {
    const { engine } = await startEngine();
    engine.push("q", { data: "later", priority: 100, delay: 60_000 });
    const ready = engine.push("q", { data: "now", priority: 1 }).id;
    assert.deepEqual(pullIds(engine, "q"), [ready]);
  });

  it("custom id (job_id) is idempotent while the job is known", async () => {
    const { engine } = await startEngine();
    const a = engine.push("q", { data: 1, job_id: "order-42" });
    const b = engine.push("q", { data: 2, job_id: "order-42" });
    assert.equal(a.id, b.id);
    assert.equal(a.custom_id, "order-42");
    assert.equal(engine.getJobByCustomId("order-42")?.job.id, a.id);
    assert.equal(engine.getJobByCustomId("nope"), null);
    assert.equal(engine.count("q"), 1);
  });

  it("unique_key rejects a duplicate while the first is live, then frees on completion", async () => {
    const { engine } = await startEngine();
    const first = engine.push("q", { data: 1, unique_key: "user-1" });
    assert.throws(
      () => engine.push("q", { data: 2, unique_key: "user-1" }),
      (err: unknown) => err instanceof DuplicateJobError && err.code === "DUPLICATE_JOB" && err.jobId === first.id,
    );
    // other queues have their own keys
    engine.push("other", { data: 3, unique_key: "user-1" });
    engine.tryPull("q", 1);
    engine.ack(first.id);
    const again = engine.push("q", { data: 4, unique_key: "user-1" });
    assert.notEqual(again.id, first.id);
  });

  it("debounce: same debounce_id within debounce_ttl is rejected with DEBOUNCED", async () => {
    const { engine, clock } = await startEngine();
    engine.push("q", { data: 1, debounce_id: "search", debounce_ttl: 1000 });
    assert.throws(
      () => engine.push("q", { data: 2, debounce_id: "search", debounce_ttl: 1000 }),
      (err: unknown) => err instanceof DuplicateJobError && err.code === "DEBOUNCED",
    );
    clock.advance(1000);
    engine.push("q", { data: 3, debounce_id: "search", debounce_ttl: 1000 });
    assert.equal(engine.count("q"), 2);
  });

  it("debounce_ttl defaults to 5000 ms", async () => {
    const { engine, clock } = await startEngine();
    engine.push("q", { data: 1, debounce_id: "d" });
    clock.advance(4999);
    assert.throws(() => engine.push("q", { data: 2, debounce_id: "d" }), DuplicateJobError);
    clock.advance(1);
    engine.push("q", { data: 3, debounce_id: "d" });
  });

  it("ttl: a job not started within ttl expires (removed, expired event)", async () => {
    const { engine, clock, events } = await startEngine();
    const id = engine.push("q", { data: 1, ttl: 1000 }).id;
    clock.advance(1000);
    assert.equal(engine.getState(id), "unknown");
    assert.ok(events.some((e) => e.type === "expired" && e.jobId === id));
    assert.deepEqual(engine.tryPull("q", 1), []);
  });

  it("ttl does not expire a job that already started (its timer is released)", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1, ttl: 1000 }).id;
    const timers = engine.s.scheduler.size;
    engine.tryPull("q", 1);
    assert.ok(engine.s.scheduler.size < timers + 1, "the ttl entry is gone (only the lease sweep may be armed)");
    clock.advance(2000);
    engine.ack(id, "done");
    assert.equal(engine.getState(id), "completed");
  });

  it("ttl also expires a job still waiting on its dependencies", async () => {
    const { engine, clock } = await startEngine();
    const dep = engine.push("q", { data: 1 }).id;
    const id = engine.push("q", { data: 2, depends_on: [dep], ttl: 500 }).id;
    clock.advance(500);
    assert.equal(engine.getState(id), "unknown");
  });

  it("tags, timeout, stall_timeout, backoff object and retention fields land on the job", async () => {
    const { engine } = await startEngine();
    const job = engine.push("q", {
      data: null,
      tags: ["a", "b"],
      timeout: 100,
      stall_timeout: 200,
      backoff: { type: "fixed", delay: 300 },
      max_attempts: 4,
      keep_completed_age: 5000,
      keep_completed_count: 7,
      remove_on_complete: true,
      remove_on_fail: true,
      group_id: "g",
      priority: -3,
    });
    assert.deepEqual(job.tags, ["a", "b"]);
    assert.equal(job.timeout, 100);
    assert.equal(job.stall_timeout, 200);
    assert.equal(job.backoff, 300);
    assert.equal(job.backoff_type, "fixed");
    assert.equal(job.max_attempts, 4);
    assert.equal(job.keep_completed_age, 5000);
    assert.equal(job.keep_completed_count, 7);
    assert.equal(job.remove_on_complete, true);
    assert.equal(job.remove_on_fail, true);
    assert.equal(job.group_id, "g");
    assert.equal(job.priority, -3);
  });

  it("data over 10 MB is rejected; a transport-measured size is trusted", async () => {
    const { engine } = await startEngine();
    const big = "x".repeat(MAX_JOB_DATA_SIZE);
    assert.throws(
      () => engine.push("q", { data: big }),
      (err: unknown) => err instanceof ValidationError && err.field === "data" && /too large/.test(err.message),
    );
    assert.throws(() => engine.push("q", { data: 1 }, MAX_JOB_DATA_SIZE + 1), ValidationError);
    // a large multi-byte payload within the limit passes
    engine.push("q", { data: "é".repeat(1024 * 1024) });
    assert.equal(engine.count("q"), 1);
  });

  it("missing data is stored as null", async () => {
    const { engine } = await startEngine();
    const job = engine.push("q", {} as { data: unknown });
    assert.equal(job.data, null);
  });
});
