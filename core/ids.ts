/** Id sources for the engine. */
import type { IdSource } from "./ports.ts";

/** Sequential ids from an in-memory counter: `start + 1`, `start + 2`, … */
export class CounterIds implements IdSource {
  private last: number;
  constructor(start = 0) {
    this.last = start;
  }
  /** Next id. */
  next(): number {
    return ++this.last;
  }
  /** Make sure future ids are above `id` (used after loading a snapshot). */
  bumpTo(id: number): void {
    if (id > this.last) this.last = id;
  }
  /** The last id handed out. */
  get current(): number {
    return this.last;
  }
}
