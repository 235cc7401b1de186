/** Core engine: cron jobs — 6/5-field expressions, repeat_every, limit, next_run, delete. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, T0 } from "./helpers/engine.ts";
import { ValidationError } from "../../core/index.ts";

describe("core: cron", () => {
  it("a 6-field expression (seconds first) pushes on schedule and reports next_run", async () => {
    const { engine, clock } = await startEngine();
    engine.addCron("tick", { queue: "q", data: { t: 1 }, schedule: "*/10 * * * * *", priority: 3 });
    const [c] = engine.listCrons();
    assert.equal(c.name, "tick");
    assert.equal(c.schedule, "*/10 * * * * *");
    assert.equal(c.repeat_every, null);
    assert.equal(c.next_run, T0 + 10_000);
    clock.advance(30_000);
    assert.equal(engine.count("q"), 3);
    assert.equal(engine.listCrons()[0].executions, 3);
    assert.equal(engine.listCrons()[0].next_run, T0 + 40_000);
    const [job] = engine.tryPull("q", 1);
    assert.deepEqual(job.data, { t: 1 });
    assert.equal(job.priority, 3);
  });

  it("a 5-field expression runs at minute boundaries", async () => {
    const { engine, clock } = await startEngine();
    engine.addCron("min", { queue: "q", data: null, schedule: "*/5 * * * *" });
    assert.equal(engine.listCrons()[0].next_run, T0 + 5 * 60_000);
    clock.advance(10 * 60_000);
    assert.equal(engine.count("q"), 2);
  });

  it("repeat_every with a limit stops (and is removed) after `limit` runs", async () => {
    const { engine, clock } = await startEngine();
    engine.addCron("every", { queue: "q", data: 1, repeat_every: 1000, limit: 2 });
    assert.equal(engine.listCrons()[0].next_run, T0 + 1000);
    assert.equal(engine.listCrons()[0].limit, 2);
    clock.advance(5000);
    assert.equal(engine.count("q"), 2);
    assert.deepEqual(engine.listCrons(), []);
  });

  it("same name replaces; delete returns whether it existed", async () => {
    const { engine, clock } = await startEngine();
    engine.addCron("c", { queue: "q", data: 1, repeat_every: 1000 });
    engine.addCron("c", { queue: "q", data: 2, repeat_every: 5000 });
    assert.equal(engine.listCrons().length, 1);
    clock.advance(5000);
    assert.equal(engine.count("q"), 1);
    assert.equal(engine.deleteCron("c"), true);
    assert.equal(engine.deleteCron("c"), false);
    clock.advance(10_000);
    assert.equal(engine.count("q"), 1);
  });

  it("bad expressions and options are ValidationErrors", async () => {
    const { engine } = await startEngine();
    assert.throws(() => engine.addCron("x", { queue: "q", data: 1, schedule: "not a cron" }), ValidationError);
    assert.throws(() => engine.addCron("x", { queue: "q", data: 1, schedule: "99 * * * * *" }), ValidationError);
    assert.throws(() => engine.addCron("x", { queue: "q", data: 1 }), /either 'schedule' or 'repeat_every'/);
    assert.throws(() => engine.addCron("x", { queue: "q", data: 1, repeat_every: 0 }), ValidationError);
    assert.throws(() => engine.addCron("x", { queue: "bad queue", data: 1, repeat_every: 10 }), ValidationError);
    assert.deepEqual(engine.listCrons(), []);
  });

  it("obliterate deletes the queue's crons", async () => {
    const { engine } = await startEngine();
    engine.addCron("c", { queue: "q", data: 1, repeat_every: 1000 });
    engine.obliterate("q");
    assert.deepEqual(engine.listCrons(), []);
  });
});
