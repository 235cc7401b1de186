/** Core engine: push, pull (blocking and not), ack, priorities, FIFO/LIFO. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds, T0 } from "./helpers/engine.ts";

describe("core: push and pull", () => {
  it("push returns a waiting job with every wire field", async () => {
    const { engine } = await startEngine();
    const job = engine.push("emails", { data: { to: "a@b.c" } });
    assert.equal(job.id, 1);
    assert.equal(job.queue, "emails");
    assert.deepEqual(job.data, { to: "a@b.c" });
    assert.equal(job.created_at, T0);
    assert.equal(job.run_at, T0);
    assert.equal(job.stall_timeout, 30000);
    assert.equal(engine.getState(job.id), "waiting");
    assert.equal(engine.count("emails"), 1);
  });

  it("pull activates and ack completes with a result", async () => {
    const { engine, events } = await startEngine();
    const { id } = engine.push("q", { data: 1 });
    const [job] = await engine.pull("q", { count: 1, timeoutMs: 0 });
    assert.equal(job.id, id);
    assert.equal(engine.getState(id), "active");
    assert.equal(job.started_at, T0);
    engine.ack(id, { ok: true });
    assert.equal(engine.getState(id), "completed");
    assert.deepEqual(engine.getResult(id), { ok: true });
    assert.deepEqual(
      events.map((e) => e.type),
      ["pushed", "active", "completed"],
    );
  });

  it("higher priority first, FIFO inside a priority", async () => {
    const { engine } = await startEngine();
    const a = engine.push("q", { data: "a" }).id;
    const b = engine.push("q", { data: "b", priority: 10 }).id;
    const c = engine.push("q", { data: "c" }).id;
    const d = engine.push("q", { data: "d", priority: 10 }).id;
    assert.deepEqual(pullIds(engine, "q"), [b, d, a, c]);
  });

  it("lifo jobs are served newest first and ahead of fifo jobs", async () => {
    const { engine, clock } = await startEngine();
    const f = engine.push("q", { data: 0 }).id;
    clock.advance(1);
    const l1 = engine.push("q", { data: 1, lifo: true }).id;
    clock.advance(1);
    const l2 = engine.push("q", { data: 2, lifo: true }).id;
    assert.deepEqual(pullIds(engine, "q"), [l2, l1, f]);
  });

  it("a blocking pull is served by a later push", async () => {
    const { engine } = await startEngine();
    const p = engine.pull("q", { count: 5, timeoutMs: 10_000 });
    const id = engine.push("q", { data: "x" }).id;
    const jobs = await p;
    assert.deepEqual(
      jobs.map((j) => j.id),
      [id],
    );
  });

  it("a blocking pull times out with [] by the clock", async () => {
    const { engine, clock } = await startEngine();
    let resolved: unknown = null;
    const p = engine.pull("q", { count: 1, timeoutMs: 5000 }).then((j) => (resolved = j));
    clock.advance(4999);
    await Promise.resolve();
    assert.equal(resolved, null);
    clock.advance(1);
    assert.deepEqual(await p, []);
  });

  it("batch pull returns up to count jobs", async () => {
    const { engine } = await startEngine();
    for (let i = 0; i < 5; i++) engine.push("q", { data: i });
    const jobs = await engine.pull("q", { count: 3, timeoutMs: 0 });
    assert.equal(jobs.length, 3);
    assert.equal(engine.getJobCounts("q").active, 3);
    assert.equal(engine.getJobCounts("q").waiting, 2);
  });

  it("releaseOwner answers that owner's blocked pulls with []", async () => {
    const { engine } = await startEngine();
    const a = engine.pull("q", { count: 1, timeoutMs: 60_000, owner: "conn-a" });
    const b = engine.pull("q", { count: 1, timeoutMs: 60_000, owner: "conn-b" });
    engine.releaseOwner("conn-a");
    assert.deepEqual(await a, []);
    const id = engine.push("q", { data: 1 }).id;
    assert.equal((await b)[0].id, id);
  });

  it("pullWith delivers synchronously: ready jobs before it returns, later ones inside the push", async () => {
    const { engine } = await startEngine();
    engine.push("q", { data: "ready" });
    const got: unknown[][] = [];
    engine.pullWith("q", { count: 5, timeoutMs: 10_000 }, (jobs) => got.push(jobs.map((j) => j.data)));
    assert.deepEqual([...got], [["ready"]]);
    engine.pullWith("q", { count: 5, timeoutMs: 10_000 }, (jobs) => got.push(jobs.map((j) => j.data)));
    assert.equal(got.length, 1); // waiting
    engine.push("q", { data: "woke" });
    assert.deepEqual([...got], [["ready"], ["woke"]]); // before push() returned
    // A batch wakes its waiter once, after the whole batch.
    engine.pullWith("q", { count: 5, timeoutMs: 10_000 }, (jobs) => got.push(jobs.map((j) => j.data)));
    engine.pushBatch("q", [{ data: 1 }, { data: 2 }, { data: 3 }]);
    assert.deepEqual([...got][2], [1, 2, 3]);
  });

  it("pullWith delivers [] once at the timeout and on releaseOwner, and validates at once", async () => {
    const { engine, clock } = await startEngine();
    const got: number[] = [];
    engine.pullWith("q", { count: 1, timeoutMs: 5000 }, (jobs) => got.push(jobs.length));
    clock.advance(4999);
    assert.deepEqual([...got], []);
    clock.advance(1);
    assert.deepEqual([...got], [0]);
    engine.pullWith("q", { count: 1, timeoutMs: 60_000, owner: "conn-a" }, (jobs) => got.push(jobs.length));
    engine.releaseOwner("conn-a");
    assert.deepEqual([...got], [0, 0]);
    engine.push("q", { data: 1 }); // nobody waits any more: the job stays waiting
    assert.deepEqual([...got], [0, 0]);
    assert.equal(engine.getJobCounts("q").waiting, 1);
    assert.throws(() => engine.pullWith("q", { count: 0, timeoutMs: 1 }, () => got.push(-1)), /count/);
    assert.deepEqual([...got], [0, 0]);
  });

  it("ackBatch acks the active ones and skips the rest", async () => {
    const { engine } = await startEngine();
    const ids = [1, 2, 3].map((i) => engine.push("q", { data: i }).id);
    engine.tryPull("q", 2);
    assert.equal(engine.ackBatch([...ids, 999], ["r1", "r2"]), 2);
    assert.equal(engine.getResult(ids[0]), "r1");
    assert.equal(engine.getState(ids[2]), "waiting");
  });

  it("pushBatch reports per-item failures without dropping the rest", async () => {
    const { engine } = await startEngine();
    const res = engine.pushBatch("q", [
      { data: 1, unique_key: "k" },
      { data: 2, unique_key: "k" },
      { data: 3, delay: -1 },
      { data: 4 },
    ]);
    assert.equal(res[0].ok, true);
    assert.deepEqual(res[1].ok ? null : res[1].code, "DUPLICATE_JOB");
    // The duplicate names the job holding the key, as a single push's DuplicateJobError does.
    assert.equal(res[1].ok ? null : res[1].jobId, res[0].ok ? res[0].id : -1);
    assert.deepEqual(res[2].ok ? null : res[2].code, "VALIDATION_ERROR");
    assert.equal(res[2].ok ? null : res[2].jobId, undefined);
    assert.equal(res[3].ok, true);
    assert.equal(engine.count("q"), 2);
  });

  it("a blocked batch pull receives many jobs of one pushBatch", async () => {
    const { engine } = await startEngine();
    const p = engine.pull("q", { count: 10, timeoutMs: 10_000 });
    engine.pushBatch("q", [{ data: 1 }, { data: 2 }, { data: 3 }]);
    assert.equal((await p).length, 3);
  });

  it("stop answers blocked pulls with []", async () => {
    const { engine } = await startEngine();
    const p = engine.pull("q", { count: 1, timeoutMs: 60_000 });
    await engine.stop();
    assert.deepEqual(await p, []);
  });
});
