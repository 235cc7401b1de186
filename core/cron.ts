/**
 * Cron jobs: named schedules that push `data` to a queue at each run. One
 * scheduler entry per cron (its next_run). A cron with a `limit` is deleted after
 * its last execution.
 */
import type { CronJob, CronOptions } from "./types.ts";
import type { Shard } from "./shard.ts";
import type { TimerEntry } from "./scheduler.ts";
import { ValidationError } from "./errors.ts";
import { validateFiniteNumber, validateJobDataSize, validateQueueName } from "./validation.ts";
import { everySchedule, parseCron, type Schedule } from "./cron-schedule.ts";
import { insertJob } from "./push.ts";

interface CronRecord {
  def: CronJob;
  schedule: Schedule;
  timer: TimerEntry | null;
}

/** Holds and runs the crons of one engine. */
export class CronRunner {
  private readonly s: Shard;
  private readonly crons = new Map<string, CronRecord>();

  constructor(s: Shard) {
    this.s = s;
  }

  /** CRON: add or replace `name`. */
  add(name: string, o: CronOptions): void {
    if (typeof name !== "string" || name.length === 0) throw new ValidationError("Cron name cannot be empty", "name");
    if (!o || typeof o !== "object") throw new ValidationError("cron options must be an object", "options");
    validateQueueName(o.queue);
    const hasSchedule = o.schedule !== undefined && o.schedule !== null;
    const hasEvery = o.repeat_every !== undefined && o.repeat_every !== null;
    if (hasSchedule === hasEvery) {
      throw new ValidationError("Must provide either 'schedule' or 'repeat_every' (exactly one)", hasSchedule ? "repeat_every" : "schedule");
    }
    if (hasEvery && (typeof o.repeat_every !== "number" || !Number.isFinite(o.repeat_every) || o.repeat_every <= 0)) {
      throw new ValidationError(`repeat_every must be a positive number of ms, got ${String(o.repeat_every)}`, "repeat_every");
    }
    if (o.priority !== undefined && o.priority !== null) validateFiniteNumber(o.priority, "priority");
    if (o.limit !== undefined && o.limit !== null && (!Number.isInteger(o.limit) || o.limit < 1)) {
      throw new ValidationError(`limit must be a positive integer, got ${String(o.limit)}`, "limit");
    }
    validateJobDataSize(o.data ?? null);
    const schedule = hasSchedule ? parseCron(o.schedule as string, this.s.tuning.cronTimezone) : everySchedule(o.repeat_every as number);
    const now = this.s.clock.now();
    const next = schedule.next(now);
    if (next === null) throw new ValidationError(`Cron expression '${o.schedule}' never runs`, "schedule");
    const def: CronJob = {
      name,
      queue: o.queue,
      data: o.data ?? null,
      schedule: hasSchedule ? (o.schedule as string) : null,
      repeat_every: hasEvery ? (o.repeat_every as number) : null,
      priority: o.priority ?? 0,
      next_run: next,
      executions: 0,
      limit: o.limit ?? null,
    };
    this.delete(name, false);
    this.install(def, schedule);
    this.s.record({ type: "cron", cron: { ...def } });
  }

  /** Re-install a cron loaded from storage (its next_run kept; a missed run fires once, now). */
  restore(def: CronJob): void {
    let schedule: Schedule;
    try {
      schedule = def.schedule !== null ? parseCron(def.schedule, this.s.tuning.cronTimezone) : everySchedule(def.repeat_every ?? 1000);
    } catch {
      return; // A stored cron that no longer parses is skipped rather than crash start-up.
    }
    this.install({ ...def }, schedule);
  }

  /** CRONDELETE: false when unknown. */
  delete(name: string, record = true): boolean {
    const r = this.crons.get(name);
    if (r === undefined) return false;
    r.timer?.cancel();
    this.crons.delete(name);
    if (record) this.s.record({ type: "cronRemoved", name });
    return true;
  }

  /** Delete every cron pushing to `queue` (OBLITERATE). */
  removeForQueue(queue: string): void {
    for (const [name, r] of [...this.crons]) if (r.def.queue === queue) this.delete(name);
  }

  /** CRONLIST, by name. */
  list(): CronJob[] {
    return [...this.crons.values()].map((r) => ({ ...r.def })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private install(def: CronJob, schedule: Schedule): void {
    const r: CronRecord = { def, schedule, timer: null };
    this.crons.set(def.name, r);
    this.arm(r);
  }

  private arm(r: CronRecord): void {
    const at = Math.max(r.def.next_run, this.s.clock.now());
    r.timer = this.s.scheduler.at(at, () => this.run(r));
  }

  private run(r: CronRecord): void {
    r.timer = null;
    if (this.crons.get(r.def.name) !== r) return;
    const s = this.s;
    const now = s.clock.now();
    const def = r.def;
    try {
      insertJob(s, s.queue(def.queue), { data: def.data, priority: def.priority }, undefined);
    } catch {
      // A rejected push (e.g. storage-independent validation) must not stop the schedule.
    }
    def.executions++;
    if (def.limit !== null && def.executions >= def.limit) {
      this.delete(def.name);
      return;
    }
    const next = r.schedule.next(now);
    if (next === null) {
      this.delete(def.name);
      return;
    }
    def.next_run = next;
    s.record({ type: "cron", cron: { ...def } });
    this.arm(r);
  }
}
