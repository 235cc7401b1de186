/**
 * Core engine: a seeded random walk over the API (push with random options, pull,
 * ack, fail, cancel, priority, promote, discard, DLQ retry, pause, clock moves),
 * checking invariants after every step: counters agree with the jobs' states, at
 * most one active job per group, the concurrency limit holds, nothing is lost.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine } from "./helpers/engine.ts";
import type { Engine, JobState } from "../../core/index.ts";
import { prng } from "./helpers/prng.ts";

const QUEUES = ["a", "b"];
const STATES: JobState[] = ["waiting", "delayed", "active", "completed", "failed", "waiting-children", "waiting-parent"];

function checkInvariants(engine: Engine, known: Set<number>, step: number): void {
  for (const q of QUEUES) {
    const counts = engine.getJobCounts(q) as unknown as Record<string, number>;
    const byState: Record<string, number> = {};
    const { jobs, total } = engine.getJobs({ queue: q, limit: 1000 });
    assert.equal(jobs.length, total, `step ${step}: page holds every job`);
    const activeGroups = new Set<string>();
    for (const { job, state } of jobs) {
      byState[state] = (byState[state] ?? 0) + 1;
      if (state === "active" && job.group_id !== null) {
        assert.ok(!activeGroups.has(job.group_id), `step ${step}: two active jobs in group ${job.group_id}`);
        activeGroups.add(job.group_id);
      }
    }
    for (const s of STATES) assert.equal(counts[s], byState[s] ?? 0, `step ${step}: ${q} ${s} counter`);
    const limit = engine.listQueues().find((x) => x.name === q)?.concurrency_limit;
    if (limit != null) assert.ok(counts.active <= limit, `step ${step}: concurrency limit`);
    assert.equal(engine.count(q), counts.waiting + counts.delayed);
  }
  for (const id of known) {
    const st = engine.getState(id);
    if (st === "unknown") known.delete(id);
  }
}

async function walk(seed: number, steps: number): Promise<void> {
  const rnd = prng(seed);
  const { engine, clock } = await startEngine({ tuning: { maxCompletedPerQueue: 20, leaseCheckIntervalMs: 100 } });
  const known = new Set<number>();
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const anyKnown = (): number | undefined => (known.size ? pick([...known]) : undefined);
  engine.setConcurrency("b", 3);
  for (let step = 0; step < steps; step++) {
    const r = rnd();
    const q = pick(QUEUES);
    try {
      if (r < 0.3) {
        const deps = rnd() < 0.1 && known.size ? [anyKnown() as number] : undefined;
        const job = engine.push(q, {
          data: step,
          priority: rnd() < 0.3 ? Math.floor(rnd() * 5) : 0,
          delay: rnd() < 0.2 ? Math.floor(rnd() * 2000) : 0,
          lifo: rnd() < 0.1,
          group_id: rnd() < 0.3 ? pick(["g1", "g2"]) : undefined,
          max_attempts: rnd() < 0.5 ? 2 : 0,
          backoff: rnd() < 0.3 ? 100 : 0,
          ttl: rnd() < 0.05 ? 500 : 0,
          timeout: rnd() < 0.05 ? 300 : 0,
          depends_on: deps,
          unique_key: rnd() < 0.05 ? "uk" : undefined,
        });
        known.add(job.id);
      } else if (r < 0.45) {
        for (const j of engine.tryPull(q, 1 + Math.floor(rnd() * 3))) assert.equal(engine.getState(j.id), "active");
      } else if (r < 0.6) {
        const active = engine.getJobs({ state: "active", limit: 1000 }).jobs;
        if (active.length) {
          const { job } = pick(active);
          if (rnd() < 0.7) engine.ack(job.id, step);
          else engine.fail(job.id, "random failure");
        }
      } else if (r < 0.65 && known.size) {
        engine.cancel(anyKnown() as number);
      } else if (r < 0.7 && known.size) {
        engine.changePriority(anyKnown() as number, Math.floor(rnd() * 10) - 5);
      } else if (r < 0.73 && known.size) {
        engine.promote(anyKnown() as number);
      } else if (r < 0.76 && known.size) {
        engine.discard(anyKnown() as number);
      } else if (r < 0.78) {
        engine.retryDlq(q);
      } else if (r < 0.8) {
        if (engine.isPaused(q)) engine.resume(q);
        else engine.pause(q);
      } else if (r < 0.82) {
        const { parent_id, children_ids } = engine.pushFlow(q, step, [{ queue: pick(QUEUES), data: 1 }, { queue: pick(QUEUES), data: 2 }]);
        known.add(parent_id);
        for (const c of children_ids) known.add(c);
      } else {
        clock.advance(Math.floor(rnd() * 400));
      }
    } catch (err) {
      // Typed refusals are part of the walk (illegal transition, duplicate key); anything else is a bug.
      const code = (err as { code?: string }).code;
      assert.ok(code === "INVALID_STATE" || code === "DUPLICATE_JOB", `step ${step}: unexpected ${String(err)}`);
    }
    checkInvariants(engine, known, step);
  }
  await engine.stop();
}

describe("core: invariants under a random walk", () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}`, async () => {
      await walk(seed, 1500);
    });
  }
});
