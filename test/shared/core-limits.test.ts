/** Core engine: rate limit (token bucket) and concurrency limit. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds } from "./helpers/engine.ts";
import { ValidationError } from "../../core/index.ts";

describe("core: rate limit", () => {
  it("admits `limit` jobs at once, then one per 1000/limit ms", async () => {
    const { engine, clock } = await startEngine();
    for (let i = 0; i < 10; i++) engine.push("q", { data: i });
    engine.setRateLimit("q", 2);
    assert.equal(engine.tryPull("q", 10).length, 2);
    assert.equal(engine.tryPull("q", 10).length, 0);
    clock.advance(500);
    assert.equal(engine.tryPull("q", 10).length, 1);
    clock.advance(1000);
    assert.equal(engine.tryPull("q", 10).length, 2);
    assert.equal(engine.listQueues()[0].rate_limit, 2);
  });

  it("a blocked pull is woken when a token is back", async () => {
    const { engine, clock } = await startEngine();
    engine.setRateLimit("q", 1);
    engine.push("q", { data: 1 });
    const second = engine.push("q", { data: 2 }).id;
    assert.equal(engine.tryPull("q", 1).length, 1);
    const p = engine.pull("q", { count: 1, timeoutMs: 5000 });
    clock.advance(1000);
    assert.equal((await p)[0]?.id, second);
  });

  it("clearRateLimit lifts the limit; bad limits are rejected", async () => {
    const { engine } = await startEngine();
    for (let i = 0; i < 5; i++) engine.push("q", { data: i });
    engine.setRateLimit("q", 1);
    engine.tryPull("q", 5);
    engine.clearRateLimit("q");
    assert.equal(engine.tryPull("q", 5).length, 4);
    assert.throws(() => engine.setRateLimit("q", 0), ValidationError);
    assert.throws(() => engine.setRateLimit("q", -3), ValidationError);
  });
});

describe("core: concurrency limit", () => {
  it("caps active jobs; an ack frees a slot for a blocked pull", async () => {
    const { engine } = await startEngine();
    const ids = [1, 2, 3].map((i) => engine.push("q", { data: i }).id);
    engine.setConcurrency("q", 2);
    assert.deepEqual(pullIds(engine, "q"), ids.slice(0, 2));
    assert.deepEqual(engine.tryPull("q", 1), []);
    const p = engine.pull("q", { count: 1, timeoutMs: 1000 });
    engine.ack(ids[0]);
    assert.equal((await p)[0].id, ids[2]);
  });

  it("clearConcurrency lifts the cap; a limit must be a positive integer", async () => {
    const { engine } = await startEngine();
    for (let i = 0; i < 3; i++) engine.push("q", { data: i });
    engine.setConcurrency("q", 1);
    assert.equal(engine.tryPull("q", 3).length, 1);
    engine.clearConcurrency("q");
    assert.equal(engine.tryPull("q", 3).length, 2);
    assert.throws(() => engine.setConcurrency("q", 0), ValidationError);
    assert.throws(() => engine.setConcurrency("q", 1.5), ValidationError);
  });
});
