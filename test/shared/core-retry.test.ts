/** Core engine: FAIL, retries with backoff, dead-letter queue, WAITJOB (finished). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds, T0 } from "./helpers/engine.ts";
import { FlashQError, InvalidStateError, JobNotFoundError } from "../../core/index.ts";

describe("core: fail and retry", () => {
  it("fail without backoff puts the job back to waiting with attempts+1", async () => {
    const { engine, events } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    engine.tryPull("q", 1);
    engine.fail(id, "boom");
    const job = engine.getJob(id)!;
    assert.equal(job.state, "waiting");
    assert.equal(job.job.attempts, 1);
    assert.equal(job.job.progress_msg, "boom");
    assert.ok(events.some((e) => e.type === "retried" && e.jobId === id && e.attempts === 1));
  });

  it("exponential backoff: backoff, 2·backoff, 4·backoff", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1, backoff: 1000 }).id;
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(pullIds(engine, "q"), [id]);
      const failedAt = clock.now();
      engine.fail(id, "e");
      assert.equal(engine.getState(id), "delayed");
      delays.push(engine.getJob(id)!.job.run_at - failedAt);
      clock.advance(engine.getJob(id)!.job.run_at - failedAt);
    }
    assert.deepEqual(delays, [1000, 2000, 4000]);
  });

  it("fixed backoff waits the same delay every time", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1, backoff: { type: "fixed", delay: 500 } }).id;
    for (let i = 0; i < 3; i++) {
      engine.tryPull("q", 1);
      engine.fail(id);
      assert.equal(engine.getJob(id)!.job.run_at, clock.now() + 500);
      clock.advance(500);
    }
  });

  it("after max_attempts failures the job goes to the DLQ and a failed event is emitted", async () => {
    const { engine, events } = await startEngine();
    const id = engine.push("q", { data: 1, max_attempts: 2 }).id;
    engine.tryPull("q", 1);
    engine.fail(id, "first");
    engine.tryPull("q", 1);
    engine.fail(id, "second");
    assert.equal(engine.getState(id), "failed");
    assert.deepEqual(
      engine.getDlq("q").map((j) => j.id),
      [id],
    );
    assert.ok(events.some((e) => e.type === "failed" && e.jobId === id && e.error === "second"));
    assert.equal(engine.getJobCounts("q").failed, 1);
  });

  it("remove_on_fail drops the job instead of keeping it in the DLQ", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: 1, max_attempts: 1, remove_on_fail: true }).id;
    engine.tryPull("q", 1);
    engine.fail(id);
    assert.equal(engine.getState(id), "unknown");
    assert.deepEqual(engine.getDlq("q"), []);
  });

  it("ack/fail of a job that is not active is an InvalidStateError; unknown id is JobNotFound", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    assert.throws(
      () => engine.ack(id),
      (e: unknown) => e instanceof InvalidStateError && e.state === "waiting" && e.retryable === false,
    );
    assert.throws(() => engine.fail(id), InvalidStateError);
    assert.throws(
      () => engine.ack(12345),
      (e: unknown) => e instanceof JobNotFoundError && e.message === "Job not found: 12345",
    );
    engine.tryPull("q", 1);
    engine.ack(id);
    assert.throws(() => engine.ack(id), (e: unknown) => e instanceof InvalidStateError && e.state === "completed");
  });
});

describe("core: finished (WAITJOB)", () => {
  it("resolves with the result when the job is acked", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    const p = engine.finished(id, 10_000);
    engine.tryPull("q", 1);
    engine.ack(id, { sum: 3 });
    assert.deepEqual(await p, { sum: 3 });
    // already completed: resolves at once
    assert.deepEqual(await engine.finished(id, 1), { sum: 3 });
  });

  it("rejects with JOB_FAILED when the job lands in the DLQ", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: 1, max_attempts: 1 }).id;
    const p = engine.finished(id, 10_000);
    engine.tryPull("q", 1);
    engine.fail(id, "bad input");
    await assert.rejects(p, (e: unknown) => e instanceof FlashQError && e.code === "JOB_FAILED" && /bad input/.test(e.message));
    await assert.rejects(engine.finished(id, 1), (e: unknown) => e instanceof FlashQError && e.code === "JOB_FAILED");
  });

  it("rejects with WAIT_TIMEOUT (retryable) after the timeout, by the clock", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    const p = engine.finished(id, 3000);
    clock.advance(3000);
    await assert.rejects(p, (e: unknown) => e instanceof FlashQError && e.code === "WAIT_TIMEOUT" && e.retryable);
  });

  it("rejects with JOB_NOT_FOUND for unknown ids and for jobs cancelled while waiting", async () => {
    const { engine } = await startEngine();
    await assert.rejects(engine.finished(999, 1000), JobNotFoundError);
    const id = engine.push("q", { data: 1 }).id;
    const p = engine.finished(id, 10_000);
    engine.cancel(id);
    await assert.rejects(p, JobNotFoundError);
  });

  it("a retry does not settle the waiter; the later ack does", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: 1, max_attempts: 3 }).id;
    const p = engine.finished(id, 0);
    engine.tryPull("q", 1);
    engine.fail(id, "transient");
    engine.tryPull("q", 1);
    engine.ack(id, "ok");
    assert.equal(await p, "ok");
    assert.equal(engine.getJob(id)!.job.completed_at, T0);
  });
});
