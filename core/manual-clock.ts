/**
 * A manual clock for tests and simulations: time moves only when `advance` is
 * called, and due timers fire in deadline order, each seeing `now()` equal to its
 * own deadline. Pure: no runtime timers.
 */
import type { Clock, TimerHandle } from "./ports.ts";

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Fake {@link Clock} driven by hand.
 *
 * @example
 * const clock = new ManualClock(1_700_000_000_000);
 * const engine = createEngine({ clock });
 * clock.advance(5000); // fires every timer due within the next 5 s, in order
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  /** Current fake time, epoch ms. */
  now(): number {
    return this.current;
  }

  /** Arm a timer `delayMs` (≥ 0) from now. */
  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const t: ManualTimer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(t);
    return t;
  }

  /** Cancel a timer; unknown handles are ignored. */
  clearTimer(handle: TimerHandle): void {
    const t = handle as ManualTimer | null | undefined;
    if (t && typeof t === "object" && "cancelled" in t) t.cancelled = true;
  }

  /** Number of armed, not yet fired timers. */
  get pendingTimers(): number {
    let n = 0;
    for (const t of this.timers) if (!t.cancelled) n++;
    return n;
  }

  /**
   * Move time forward by `ms`, firing every timer due on the way in deadline order
   * (timers armed by a firing timer fire too if they fall inside the window).
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance: ms must be >= 0, got ${ms}`);
    const end = this.current + ms;
    for (;;) {
      const next = this.nextDue(end);
      if (!next) break;
      this.current = Math.max(this.current, next.at);
      next.cancelled = true;
      next.fn();
    }
    this.current = end;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  /** Jump to an absolute time (≥ now), firing due timers. */
  advanceTo(time: number): void {
    this.advance(Math.max(0, time - this.current));
  }

  private nextDue(end: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers) {
      if (t.cancelled || t.at > end) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
