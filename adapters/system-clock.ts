/**
 * The real-time {@link Clock}: `Date.now()` and `setTimeout`. Timers are unref'd so
 * that a pending engine timer (a far-away delayed job, a cron) never keeps the
 * process alive on its own — the listening sockets do that.
 */
import type { Clock, TimerHandle } from "../core/ports.ts";

/** Wall-clock time and runtime timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    // setTimeout caps at 2^31-1 ms; longer delays are clamped (the engine re-arms).
    const t = setTimeout(fn, Math.min(Math.max(0, delayMs), 2_147_483_647));
    (t as { unref?: () => void }).unref?.();
    return t;
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
}
