/** Core engine: STATS, METRICS and the typed event stream. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds } from "./helpers/engine.ts";
import type { EngineEvent } from "../../core/index.ts";

describe("core: stats and metrics", () => {
  it("stats counts jobs by state across queues", async () => {
    const { engine } = await startEngine();
    engine.push("a", { data: 1 });
    engine.push("b", { data: 2, delay: 1000 });
    const c = engine.push("a", { data: 3, max_attempts: 1 }).id;
    const d = engine.push("b", { data: 4 }).id;
    engine.tryPull("b", 1);
    engine.ack(d);
    engine.tryPull("a", 2);
    engine.fail(c);
    assert.deepEqual(engine.stats(), { queued: 0, processing: 1, delayed: 1, dlq: 1, completed: 1 });
  });

  it("metrics: totals, jobs per second over the window, average processing latency, per queue", async () => {
    const { engine, clock } = await startEngine();
    for (let i = 0; i < 18; i++) engine.push("q", { data: i });
    const ids = pullIds(engine, "q");
    clock.advance(100);
    for (const id of ids) engine.ack(id);
    clock.advance(1000);
    const m = engine.metrics();
    assert.equal(m.total_pushed, 18);
    assert.equal(m.total_completed, 18);
    assert.equal(m.total_failed, 0);
    assert.equal(m.avg_latency_ms, 100);
    assert.equal(m.jobs_per_second, 2, "18 completions over a 9 s window");
    assert.deepEqual(m.queues, [{ name: "q", pending: 0, processing: 0, dlq: 0, rate_limit: null }]);
  });
});

describe("core: events", () => {
  it("are delivered only while subscribed; a throwing listener does not break others", async () => {
    const { engine } = await startEngine();
    const seen: EngineEvent[] = [];
    const unsubscribe = engine.subscribe((e) => seen.push(e));
    engine.subscribe(() => {
      throw new Error("bad listener");
    });
    const id = engine.push("q", { data: { x: 1 } }).id;
    unsubscribe();
    engine.push("q", { data: 2 });
    assert.equal(seen.length, 1);
    const ev = seen[0];
    assert.equal(ev.type, "pushed");
    assert.equal(ev.type === "pushed" ? ev.jobId : -1, id);
    assert.deepEqual(ev.type === "pushed" ? ev.data : null, { x: 1 });
  });

  it("carry queue, job id, timestamp and type-specific fields", async () => {
    const { engine, events, clock } = await startEngine();
    const id = engine.push("q", { data: 1, max_attempts: 2 }).id;
    engine.tryPull("q", 1);
    engine.fail(id, "e1");
    engine.tryPull("q", 1);
    engine.fail(id, "e2");
    const id2 = engine.push("q", { data: 2 }).id;
    engine.tryPull("q", 1);
    engine.ack(id2, { ok: 1 });
    engine.drain("q");
    assert.deepEqual(
      events.map((e) => e.type),
      ["pushed", "active", "retried", "active", "failed", "pushed", "active", "completed", "drained"],
    );
    for (const e of events) {
      assert.equal(e.queue, "q");
      assert.equal(e.timestamp, clock.now());
    }
    const completed = events.find((e) => e.type === "completed");
    assert.deepEqual(completed?.type === "completed" ? completed.result : null, { ok: 1 });
  });
});
