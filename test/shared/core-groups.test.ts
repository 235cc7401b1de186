/** Core engine: groups — one active job per group_id, FIFO inside a group. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds } from "./helpers/engine.ts";

describe("core: groups", () => {
  it("at most one active job per group; others of the group wait", async () => {
    const { engine } = await startEngine();
    const a1 = engine.push("q", { data: 1, group_id: "A" }).id;
    const a2 = engine.push("q", { data: 2, group_id: "A" }).id;
    const b1 = engine.push("q", { data: 3, group_id: "B" }).id;
    const free = engine.push("q", { data: 4 }).id;
    assert.deepEqual(pullIds(engine, "q"), [a1, b1, free]);
    assert.deepEqual(engine.tryPull("q", 10), []);
    assert.equal(engine.getState(a2), "waiting");
    engine.ack(a1);
    assert.deepEqual(pullIds(engine, "q"), [a2]);
  });

  it("FIFO inside a group even when later jobs have higher priority", async () => {
    const { engine } = await startEngine();
    const ids = [0, 5, 9].map((p) => engine.push("q", { data: p, group_id: "G", priority: p }).id);
    const order: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [id] = pullIds(engine, "q", 10);
      order.push(id);
      engine.ack(id);
    }
    assert.deepEqual(order, ids);
  });

  it("a failed (retried) group job keeps its place at the front of the group", async () => {
    const { engine, clock } = await startEngine();
    const g1 = engine.push("q", { data: 1, group_id: "G" }).id;
    const g2 = engine.push("q", { data: 2, group_id: "G" }).id;
    assert.deepEqual(pullIds(engine, "q"), [g1]);
    clock.advance(1000);
    engine.fail(g1, "retry me");
    assert.deepEqual(pullIds(engine, "q"), [g1]);
    engine.ack(g1);
    assert.deepEqual(pullIds(engine, "q"), [g2]);
  });

  it("cancelling the waiting head of a group lets the next one through", async () => {
    const { engine } = await startEngine();
    const g1 = engine.push("q", { data: 1, group_id: "G" }).id;
    const g2 = engine.push("q", { data: 2, group_id: "G" }).id;
    engine.cancel(g1);
    assert.deepEqual(pullIds(engine, "q"), [g2]);
  });

  it("a blocked pull gets the next group job when the active one completes", async () => {
    const { engine } = await startEngine();
    const g1 = engine.push("q", { data: 1, group_id: "G" }).id;
    const g2 = engine.push("q", { data: 2, group_id: "G" }).id;
    engine.tryPull("q", 5);
    const p = engine.pull("q", { count: 5, timeoutMs: 1000 });
    engine.ack(g1);
    assert.deepEqual(
      (await p).map((j) => j.id),
      [g2],
    );
  });
});
