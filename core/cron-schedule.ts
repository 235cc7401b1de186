/**
 * Cron "next run" decisions, pure: 6-field (seconds first) and 5-field
 * expressions through croner, or a fixed `repeat_every` interval.
 */
import { Cron } from "croner";
import { ValidationError } from "./errors.ts";

/** A parsed schedule. */
export interface Schedule {
  /** Next run strictly after `from` (epoch ms), or null if there is none. */
  next(from: number): number | null;
}

/** Parse a cron expression (5 or 6 fields); throws ValidationError naming the problem. */
export function parseCron(expr: string, timezone: string): Schedule {
  if (typeof expr !== "string" || expr.trim() === "") throw new ValidationError("Invalid cron expression: empty", "schedule");
  const fields = expr.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    throw new ValidationError(`Invalid cron expression '${expr}': expected 5 or 6 fields, got ${fields}`, "schedule");
  }
  let cron: Cron;
  try {
    cron = new Cron(expr, { paused: true, timezone });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new ValidationError(`Invalid cron expression '${expr}': ${msg}`, "schedule");
  }
  return {
    next(from: number): number | null {
      const d = cron.nextRun(new Date(from));
      return d === null ? null : d.getTime();
    },
  };
}

/** A fixed interval schedule. */
export function everySchedule(ms: number): Schedule {
  return { next: (from: number) => from + ms };
}
