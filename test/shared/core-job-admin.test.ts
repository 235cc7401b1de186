/** Core engine: job management — cancel, progress, update, priority, delay, promote, discard, heartbeat, logs, partial. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, pullIds, eventTypes } from "./helpers/engine.ts";
import { InvalidStateError, ValidationError } from "../../core/index.ts";

describe("core: job management", () => {
  it("cancel removes waiting, delayed and active jobs; not finished ones", async () => {
    const { engine, events } = await startEngine();
    const w = engine.push("q", { data: 1 }).id;
    const d = engine.push("q", { data: 2, delay: 1000 }).id;
    const a = engine.push("q", { data: 3 }).id;
    engine.cancel(w);
    engine.cancel(d);
    assert.deepEqual(pullIds(engine, "q"), [a]);
    engine.cancel(a);
    for (const id of [w, d, a]) assert.equal(engine.getState(id), "unknown");
    assert.deepEqual(eventTypes(events, w), ["pushed", "removed"]);
    const c = engine.push("q", { data: 4 }).id;
    engine.tryPull("q", 1);
    engine.ack(c);
    assert.throws(() => engine.cancel(c), InvalidStateError);
  });

  it("cancelling an active job frees a concurrency slot for a blocked pull", async () => {
    const { engine } = await startEngine();
    engine.setConcurrency("q", 1);
    const a = engine.push("q", { data: 1 }).id;
    const b = engine.push("q", { data: 2 }).id;
    assert.deepEqual(pullIds(engine, "q"), [a]);
    const p = engine.pull("q", { count: 1, timeoutMs: 1000 });
    engine.cancel(a);
    assert.equal((await p)[0].id, b);
  });

  it("progress on an active job is stored and emitted; out of range is rejected", async () => {
    const { engine, events } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    assert.throws(() => engine.progress(id, 10), InvalidStateError);
    engine.tryPull("q", 1);
    engine.progress(id, 42, "halfway");
    assert.deepEqual(engine.getProgress(id), { id, progress: 42, message: "halfway" });
    assert.ok(events.some((e) => e.type === "progress" && e.progress === 42 && e.message === "halfway"));
    assert.throws(() => engine.progress(id, 101), ValidationError);
    assert.throws(() => engine.progress(id, -1), ValidationError);
  });

  it("update replaces data of a not-completed job", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    engine.update(id, { v: 2 });
    assert.deepEqual(engine.getJob(id)?.job.data, { v: 2 });
    engine.tryPull("q", 1);
    engine.ack(id);
    assert.throws(() => engine.update(id, 3), InvalidStateError);
  });

  it("changePriority re-orders waiting jobs", async () => {
    const { engine } = await startEngine();
    const a = engine.push("q", { data: 1 }).id;
    const b = engine.push("q", { data: 2 }).id;
    const c = engine.push("q", { data: 3 }).id;
    engine.changePriority(c, 10);
    engine.changePriority(a, -1);
    assert.deepEqual(pullIds(engine, "q"), [c, b, a]);
    assert.throws(() => engine.changePriority(a, Number.NaN), ValidationError);
  });

  it("moveToDelayed sends an active job back, runnable after the delay", async () => {
    const { engine, clock, events } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    assert.throws(() => engine.moveToDelayed(id, 1000), InvalidStateError);
    engine.tryPull("q", 1);
    engine.moveToDelayed(id, 1000);
    assert.equal(engine.getState(id), "delayed");
    assert.ok(events.some((e) => e.type === "delayed" && e.jobId === id));
    assert.throws(() => engine.moveToDelayed(id, -5), ValidationError);
    clock.advance(1000);
    assert.deepEqual(pullIds(engine, "q"), [id]);
  });

  it("promote makes a delayed job ready now; other states are refused", async () => {
    const { engine } = await startEngine();
    const id = engine.push("q", { data: 1, delay: 60_000 }).id;
    engine.promote(id);
    assert.equal(engine.getState(id), "waiting");
    assert.throws(() => engine.promote(id), (e: unknown) => e instanceof InvalidStateError && e.state === "waiting");
  });

  it("discard moves a job straight to the DLQ", async () => {
    const { engine } = await startEngine();
    const w = engine.push("q", { data: 1 }).id;
    const a = engine.push("q", { data: 2 }).id;
    engine.discard(w);
    engine.tryPull("q", 1);
    engine.discard(a);
    assert.deepEqual(
      engine.getDlq("q").map((j) => j.id),
      [w, a],
    );
    assert.throws(() => engine.discard(w), InvalidStateError);
  });

  it("heartbeat is for active jobs only and updates last_heartbeat", async () => {
    const { engine, clock } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    assert.throws(() => engine.heartbeat(id), InvalidStateError);
    engine.tryPull("q", 1);
    clock.advance(100);
    engine.heartbeat(id);
    assert.equal(engine.getJob(id)?.job.last_heartbeat, clock.now());
  });

  it("logs keep level and order, bounded per job", async () => {
    const { engine } = await startEngine({ tuning: { maxLogsPerJob: 3 } });
    const id = engine.push("q", { data: 1 }).id;
    engine.log(id, "one");
    engine.log(id, "two", "warn");
    engine.log(id, "three", "error");
    engine.log(id, "four");
    assert.deepEqual(
      engine.getLogs(id).map((l) => [l.message, l.level]),
      [
        ["two", "warn"],
        ["three", "error"],
        ["four", "info"],
      ],
    );
    assert.throws(() => engine.log(id, "x", "debug" as "info"), ValidationError);
  });

  it("partial emits a partial event for an active job", async () => {
    const { engine, events } = await startEngine();
    const id = engine.push("q", { data: 1 }).id;
    assert.throws(() => engine.partial(id, "chunk"), InvalidStateError);
    engine.tryPull("q", 1);
    engine.partial(id, "chunk", 0);
    const ev = events.find((e) => e.type === "partial");
    assert.deepEqual(ev && ev.type === "partial" ? [ev.data, ev.index] : null, ["chunk", 0]);
  });
});
