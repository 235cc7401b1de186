/**
 * Test helpers for the core engine: an engine on a ManualClock, and small
 * utilities to drive it. Shared by test/shared/core-*.test.ts.
 */
import { createEngine, ManualClock, MemoryStorage, type Engine, type EngineEvent, type EngineTuning } from "../../../core/index.ts";

/** Start time of every test clock (a fixed, readable epoch). */
export const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

/** An engine with its manual clock (and storage). */
export interface TestEngine {
  engine: Engine;
  clock: ManualClock;
  storage: MemoryStorage;
  events: EngineEvent[];
}

/** A started engine on a ManualClock at T0; records every event in `events`. */
export async function startEngine(
  opts: { durable?: boolean; storage?: MemoryStorage; clock?: ManualClock; tuning?: Partial<EngineTuning>; durabilityMode?: "sync" | "async" } = {},
): Promise<TestEngine> {
  const clock = opts.clock ?? new ManualClock(T0);
  const storage = opts.storage ?? new MemoryStorage({ durable: opts.durable === true });
  const engine = createEngine({ clock, storage, tuning: opts.tuning, durabilityMode: opts.durabilityMode });
  await engine.start();
  const events: EngineEvent[] = [];
  engine.subscribe((e) => events.push(e));
  return { engine, clock, storage, events };
}

/** Pull exactly one job now (throws if none). */
export function pullOne(engine: Engine, queue: string): { id: number; data: unknown } {
  const jobs = engine.tryPull(queue, 1);
  if (jobs.length !== 1) throw new Error(`expected one job in ${queue}, got ${jobs.length}`);
  return jobs[0];
}

/** Ids of the jobs pulled now (up to `count`). */
export function pullIds(engine: Engine, queue: string, count = 1000): number[] {
  return engine.tryPull(queue, count).map((j) => j.id);
}

/** Event types seen, optionally only for one job. */
export function eventTypes(events: EngineEvent[], jobId?: number): string[] {
  return events.filter((e) => jobId === undefined || ("jobId" in e && e.jobId === jobId)).map((e) => e.type);
}
