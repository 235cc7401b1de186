/** Core engine: construction options, start/stop, id sources. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEngine, CounterIds, DEFAULT_TUNING, ManualClock, MemoryStorage, ValidationError } from "../../core/index.ts";
import type { IdSource } from "../../core/index.ts";

describe("core: lifecycle and options", () => {
  it("a clock is required", () => {
    assert.throws(() => createEngine({} as never), ValidationError);
  });

  it("uses the given IdSource", async () => {
    let n = 1000;
    const ids: IdSource = { next: () => (n += 10) };
    const engine = createEngine({ clock: new ManualClock(), ids });
    await engine.start();
    assert.equal(engine.push("q", { data: 1 }).id, 1010);
    assert.equal(engine.push("q", { data: 2 }).id, 1020);
  });

  it("CounterIds counts from its start and can be bumped, never backwards", () => {
    const c = new CounterIds(5);
    assert.equal(c.next(), 6);
    c.bumpTo(100);
    c.bumpTo(50);
    assert.equal(c.next(), 101);
    assert.equal(c.current, 101);
  });

  it("start is idempotent; the default storage is non-durable memory", async () => {
    const engine = createEngine({ clock: new ManualClock() });
    await engine.start();
    await engine.start();
    engine.push("q", { data: 1 });
    assert.equal(engine.s.storage instanceof MemoryStorage, true);
    assert.equal(engine.s.durable, false);
    await engine.stop();
    await engine.stop();
  });

  it("tuning overrides only what is given", async () => {
    const engine = createEngine({ clock: new ManualClock(), tuning: { maxStalls: 7 } });
    assert.equal(engine.s.tuning.maxStalls, 7);
    assert.equal(engine.s.tuning.leaseCheckIntervalMs, DEFAULT_TUNING.leaseCheckIntervalMs);
  });

  it("stop rejects pending WAITJOBs with a retryable error and disarms timers", async () => {
    const clock = new ManualClock();
    const engine = createEngine({ clock });
    await engine.start();
    const id = engine.push("q", { data: 1, delay: 1000 }).id;
    const waiting = engine.finished(id, 0);
    await engine.stop();
    await assert.rejects(waiting, (e: unknown) => e instanceof Error && (e as { retryable?: boolean }).retryable === true);
    assert.equal(clock.pendingTimers, 0);
  });
});
