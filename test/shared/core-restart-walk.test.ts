/**
 * Core engine: durability by comparison. A seeded random walk on an engine with a
 * durable MemoryStorage; every few steps the changes are committed and a second
 * engine is started from the same storage: it must hold the same jobs in the same
 * states (active ones back as waiting) with the same attempts and data.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine, T0 } from "./helpers/engine.ts";
import { ManualClock, MemoryStorage, type Engine } from "../../core/index.ts";
import { prng } from "./helpers/prng.ts";

type Row = { state: string; attempts: number; data: unknown; priority: number; run_at: number; result: unknown };

function snapshot(engine: Engine): Map<number, Row> {
  const out = new Map<number, Row>();
  for (const { job, state } of engine.getJobs({ limit: 1000 }).jobs) {
    out.set(job.id, {
      state: state === "active" ? "waiting" : state,
      attempts: job.attempts,
      data: job.data,
      priority: job.priority,
      run_at: job.run_at,
      result: engine.getResult(job.id),
    });
  }
  return out;
}

async function walk(seed: number): Promise<void> {
  const rnd = prng(seed);
  const storage = new MemoryStorage({ durable: true });
  const clock = new ManualClock(T0);
  const { engine } = await startEngine({ storage, clock, tuning: { maxCompletedPerQueue: 10 } });
  let checks = 0;
  for (let step = 0; step < 400; step++) {
    const r = rnd();
    try {
      if (r < 0.35) {
        engine.push("q", { data: { step }, priority: Math.floor(rnd() * 3), delay: rnd() < 0.2 ? 1000 : 0, max_attempts: 2, group_id: rnd() < 0.2 ? "g" : undefined });
      } else if (r < 0.5) {
        engine.tryPull("q", 2);
      } else if (r < 0.7) {
        const active = engine.getJobs({ state: "active" }).jobs;
        if (active.length) {
          const id = active[0].job.id;
          if (rnd() < 0.6) engine.ack(id, { by: step });
          else engine.fail(id, "x");
        }
      } else if (r < 0.75) {
        const all = engine.getJobs({ queue: "q" }).jobs;
        if (all.length) engine.cancel(all[Math.floor(rnd() * all.length)].job.id);
      } else if (r < 0.78) {
        engine.retryDlq("q");
      } else if (r < 0.8) {
        const all = engine.getJobs({ queue: "q" }).jobs;
        if (all.length) engine.changePriority(all[0].job.id, 7);
      } else if (r < 0.9) {
        clock.advance(Math.floor(rnd() * 600));
      } else {
        await engine.settled();
        const restarted = await startEngine({ storage, clock, tuning: { maxCompletedPerQueue: 10 } });
        assert.deepEqual(snapshot(restarted.engine), snapshot(engine), `seed ${seed} step ${step}`);
        await restarted.engine.stop();
        checks++;
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      assert.ok(code === "INVALID_STATE" || code === "DUPLICATE_JOB", `step ${step}: unexpected ${String(err)}`);
    }
  }
  assert.ok(checks > 10, "the walk restarted often enough");
  await engine.stop();
}

describe("core: restart equivalence under a random walk", () => {
  for (const seed of [11, 12, 13]) {
    it(`seed ${seed}`, async () => {
      await walk(seed);
    });
  }
});
