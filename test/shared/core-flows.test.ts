/** Core engine: flows (parent waits for children in other queues) and depends_on ordering. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds } from "./helpers/engine.ts";
import { ValidationError } from "../../core/index.ts";

describe("core: flows", () => {
  it("the parent waits until every child completed, then becomes ready", async () => {
    const { engine } = await startEngine();
    const { parent_id, children_ids } = engine.pushFlow("reports", { kind: "summary" }, [
      { queue: "extract", data: 1 },
      { queue: "extract", data: 2 },
      { queue: "transform", data: 3, priority: 5 },
    ]);
    assert.equal(children_ids.length, 3);
    assert.equal(engine.getState(parent_id), "waiting-parent");
    assert.equal(engine.getJob(children_ids[0])?.job.parent_id, parent_id);
    assert.deepEqual(engine.getJob(parent_id)?.job.children_ids, children_ids);
    assert.deepEqual(engine.tryPull("reports", 1), []);

    for (const id of pullIds(engine, "extract")) engine.ack(id);
    assert.equal(engine.getState(parent_id), "waiting-parent");
    const ch = engine.getChildren(parent_id);
    assert.equal(ch.completed, 2);
    assert.equal(ch.total, 3);
    for (const id of pullIds(engine, "transform")) engine.ack(id);
    assert.equal(engine.getState(parent_id), "waiting");
    assert.deepEqual(pullIds(engine, "reports"), [parent_id]);
  });

  it("a flow needs at least one child and valid child queues", async () => {
    const { engine } = await startEngine();
    assert.throws(() => engine.pushFlow("p", 1, []), ValidationError);
    assert.throws(() => engine.pushFlow("p", 1, [{ queue: "bad name", data: 1 }]), ValidationError);
    assert.deepEqual(engine.listQueues(), [], "nothing inserted on a rejected flow");
  });

  it("a failed child keeps the parent waiting; a retried child can still release it", async () => {
    const { engine } = await startEngine();
    const { parent_id, children_ids } = engine.pushFlow("p", null, [{ queue: "c", data: 1 }]);
    engine.tryPull("c", 1);
    engine.discard(children_ids[0]);
    assert.equal(engine.getState(parent_id), "waiting-parent");
    engine.retryDlq("c");
    engine.tryPull("c", 1);
    engine.ack(children_ids[0]);
    assert.equal(engine.getState(parent_id), "waiting");
  });

  it("cancelling a child dead-letters the parent (it can never complete)", async () => {
    const { engine } = await startEngine();
    const { parent_id, children_ids } = engine.pushFlow("p", null, [{ queue: "c", data: 1 }]);
    engine.cancel(children_ids[0]);
    assert.equal(engine.getState(parent_id), "failed");
  });
});

describe("core: depends_on", () => {
  it("a job waits (waiting-children) until all its dependencies completed", async () => {
    const { engine } = await startEngine();
    const a = engine.push("q", { data: "a" }).id;
    const b = engine.push("other", { data: "b" }).id;
    const c = engine.push("q", { data: "c", depends_on: [a, b] }).id;
    assert.equal(engine.getState(c), "waiting-children");
    assert.deepEqual(pullIds(engine, "q"), [a]);
    engine.ack(a);
    assert.equal(engine.getState(c), "waiting-children");
    engine.tryPull("other", 1);
    engine.ack(b);
    assert.equal(engine.getState(c), "waiting");
    assert.deepEqual(pullIds(engine, "q"), [c]);
  });

  it("completed or unknown dependencies do not block", async () => {
    const { engine } = await startEngine();
    const a = engine.push("q", { data: 1 }).id;
    engine.tryPull("q", 1);
    engine.ack(a);
    const b = engine.push("q", { data: 2, depends_on: [a, 424242] }).id;
    assert.equal(engine.getState(b), "waiting");
  });

  it("a dependent with a delay becomes delayed when released", async () => {
    const { engine, clock } = await startEngine();
    const a = engine.push("q", { data: 1 }).id;
    const b = engine.push("q", { data: 2, depends_on: [a], delay: 5000 }).id;
    engine.tryPull("q", 1);
    engine.ack(a);
    assert.equal(engine.getState(b), "delayed");
    clock.advance(5000);
    assert.equal(engine.getState(b), "waiting");
  });

  it("cancelling a dependency dead-letters its dependents", async () => {
    const { engine } = await startEngine();
    const a = engine.push("q", { data: 1 }).id;
    const b = engine.push("q", { data: 2, depends_on: [a] }).id;
    engine.cancel(a);
    assert.equal(engine.getState(b), "failed");
    assert.equal(engine.getDlq("q")[0].id, b);
  });

  it("depends_on must be an array of positive ids", async () => {
    const { engine } = await startEngine();
    assert.throws(() => engine.push("q", { data: 1, depends_on: [0] }), ValidationError);
    assert.throws(() => engine.push("q", { data: 1, depends_on: "1" as unknown as number[] }), ValidationError);
  });
});
