/**
 * One scheduler over the {@link Clock}: holds every deadline the engine cares
 * about and arms exactly one clock timer, for the earliest. Entries are cancelled
 * lazily (a flag), so scheduling and cancelling are O(log n) / O(1).
 */
import type { Clock, TimerHandle } from "./ports.ts";
import { IndexedHeap } from "./indexed-heap.ts";

/** A scheduled callback; `cancel()` it to drop it. */
export class TimerEntry {
  at: number;
  seq: number;
  fn: () => void;
  heapIdx = -1;
  cancelled = false;
  private readonly heap: IndexedHeap<TimerEntry>;
  constructor(at: number, seq: number, fn: () => void, heap: IndexedHeap<TimerEntry>) {
    this.at = at;
    this.seq = seq;
    this.fn = fn;
    this.heap = heap;
  }
  /** Drop this entry (no-op if it already ran); frees its slot at once. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.heap.remove(this);
  }
}

/** All deadlines of one engine; fires them in order through one clock timer. */
export class Scheduler {
  private readonly clock: Clock;
  private readonly heap = new IndexedHeap<TimerEntry>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
  private seq = 0;
  private armedAt = Infinity;
  private handle: TimerHandle = null;
  private stopped = false;
  private firing = false;
  /** Called with any error thrown by a callback (the scheduler keeps going). */
  onError: (err: unknown) => void = () => {};

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Run `fn` at absolute time `at` (epoch ms). */
  at(at: number, fn: () => void): TimerEntry {
    const e = new TimerEntry(at, this.seq++, fn, this.heap);
    this.heap.push(e);
    if (!this.firing && at < this.armedAt) this.arm();
    return e;
  }

  /** Number of pending (possibly cancelled) entries. */
  get size(): number {
    return this.heap.size;
  }

  /** Disarm the clock timer; pending entries are kept but never fire. */
  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.clock.clearTimer(this.handle);
    this.handle = null;
    this.armedAt = Infinity;
  }

  /** Re-enable after stop(). */
  resume(): void {
    this.stopped = false;
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    let top = this.heap.peek();
    while (top && top.cancelled) {
      this.heap.pop();
      top = this.heap.peek();
    }
    const at = top ? top.at : Infinity;
    if (at === this.armedAt) return;
    if (this.handle !== null) this.clock.clearTimer(this.handle);
    this.handle = null;
    this.armedAt = at;
    if (at === Infinity) return;
    // Clamped: runtime timers overflow above 2^31-1 ms; an early wake-up just re-arms.
    const delay = Math.min(Math.max(0, at - this.clock.now()), 2147483647);
    this.handle = this.clock.setTimer(() => this.fire(), delay);
  }

  private fire(): void {
    this.handle = null;
    this.armedAt = Infinity;
    if (this.stopped) return;
    this.firing = true;
    try {
      const now = this.clock.now();
      for (;;) {
        const top = this.heap.peek();
        if (!top || top.at > now) break;
        this.heap.pop();
        if (top.cancelled) continue;
        top.cancelled = true;
        try {
          top.fn();
        } catch (err) {
          this.onError(err);
        }
      }
    } finally {
      this.firing = false;
    }
    this.arm();
  }
}
