/** Core engine: job queries — getJob, state, result, lists with filters and paging, counts, logs, progress. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine } from "./helpers/engine.ts";
import { JobNotFoundError, ValidationError } from "../../core/index.ts";

describe("core: queries", () => {
  it("getJob/getState/getResult for known and unknown ids", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: { x: 1 } }).id;
    assert.equal(engine.getJob(id)?.state, "waiting");
    assert.deepEqual(engine.getJob(id)?.job.data, { x: 1 });
    assert.equal(engine.getJob(999), null);
    assert.equal(engine.getState(999), "unknown");
    assert.equal(engine.getResult(id), null);
    engine.tryPull("q", 1);
    engine.ack(id, [1, 2]);
    assert.deepEqual(engine.getResult(id), [1, 2]);
    assert.equal(engine.getResult(999), null);
  });

  it("getJobs filters by queue, state and tags, newest first, with total and paging", async () => {
    const { engine } = await startEngine();
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(engine.push("a", { data: i, tags: i % 2 ? ["odd"] : ["even", "x"] }).id);
    engine.push("b", { data: "other" });
    engine.tryPull("a", 2); // ids[0], ids[1] active

    const all = engine.getJobs({ queue: "a" });
    assert.equal(all.total, 6);
    assert.deepEqual(
      all.jobs.map((j) => j.job.id),
      [...ids].reverse(),
    );
    const active = engine.getJobs({ queue: "a", state: "active" });
    assert.deepEqual(
      active.jobs.map((j) => j.job.id),
      [ids[1], ids[0]],
    );
    const odd = engine.getJobs({ tags: ["odd"] });
    assert.deepEqual(
      odd.jobs.map((j) => j.job.id),
      [ids[5], ids[3], ids[1]],
    );
    const page = engine.getJobs({ queue: "a", limit: 2, offset: 2 });
    assert.equal(page.total, 6);
    assert.deepEqual(
      page.jobs.map((j) => j.job.id),
      [ids[3], ids[2]],
    );
    assert.equal(engine.getJobs({ tags: ["even", "x"] }).total, 3);
    assert.throws(() => engine.getJobs({ state: "bogus" as "waiting" }), ValidationError);
    assert.throws(() => engine.getJobs({ limit: 5000 }), ValidationError);
  });

  it("flashQ spellings of states are accepted in filters", async () => {
    const { engine } = await startEngine();
    const dep = engine.push("q", { data: 1 }).id;
    engine.push("q", { data: 2, depends_on: [dep] });
    assert.equal(engine.getJobs({ state: "waitingchildren" as "waiting-children" }).total, 1);
  });

  it("getJobs stays newest-first when an external job with a lower id arrives late", async () => {
    const { engine, storage } = await startEngine({ durable: true });
    const a = engine.push("q", { data: 1 });
    const b = engine.push("q", { data: 2 }).id;
    const c = engine.push("q", { data: 3 }).id;
    engine.cancel(b);
    await engine.settled();
    storage.insertExternal({ job: { ...a, id: b, data: "edge" }, state: "waiting" });
    await engine.takeExternal();
    assert.deepEqual(
      engine.getJobs({ queue: "q" }).jobs.map((j) => j.job.id),
      [c, b, a.id],
    );
  });

  it("getJobsBatch returns known ids in request order", async () => {
    const { engine } = await startEngine();
    const a = engine.push("q", { data: 1 }).id;
    const b = engine.push("q", { data: 2 }).id;
    assert.deepEqual(
      engine.getJobsBatch([b, 999, a]).map((j) => j.job.id),
      [b, a],
    );
  });

  it("getJobCounts and count per queue", async () => {
    const { engine } = await startEngine();
    engine.push("q", { data: 1 });
    engine.push("q", { data: 2, delay: 1000 });
    const a = engine.push("q", { data: 3 }).id;
    engine.push("q", { data: 4, max_attempts: 1 });
    engine.tryPull("q", 1); // first job
    engine.ack(1);
    engine.tryPull("q", 1); // job 3
    assert.equal(a, 3);
    assert.deepEqual(engine.getJobCounts("q"), {
      waiting: 1,
      active: 1,
      delayed: 1,
      completed: 1,
      failed: 0,
      "waiting-children": 0,
      "waiting-parent": 0,
    });
    assert.equal(engine.count("q"), 2);
    assert.equal(engine.count("empty"), 0);
  });

  it("getProgress, getLogs of unknown ids throw JobNotFoundError", async () => {
    const { engine } = await startEngine();
    assert.throws(() => engine.getProgress(5), JobNotFoundError);
    assert.throws(() => engine.getLogs(5), JobNotFoundError);
    assert.throws(() => engine.getChildren(5), JobNotFoundError);
  });
});
