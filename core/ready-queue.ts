/**
 * The waiting jobs of a queue, in pull order: priority desc, then `seq` (the
 * order in which jobs became ready; negated for LIFO). Two parts:
 *
 * - a *run*: an append-only array of entries already in order. A push that does
 *   not sort before the last appended entry (the common case: same priority,
 *   FIFO) is appended in O(1);
 * - an indexed binary heap for everything else (higher priority than the tail,
 *   LIFO, retries): O(log n).
 *
 * An entry's `heapIdx` is its heap slot (≥ 0), or −2 − its absolute run
 * position (≤ −2) while in the run: one field for both.
 *
 * `pop` takes the smaller of the two heads. Removal from the run nulls the slot
 * (skipped later), so remove and re-prioritise stay O(1)/O(log n). With a
 * steady FIFO stream this is a plain array queue: no comparisons, cache-friendly.
 */
import { IndexedHeap } from "./indexed-heap.ts";
import type { JobEntry } from "./job-entry.ts";

/** Pull order of two waiting entries. */
export function waitingLess(a: JobEntry, b: JobEntry): boolean {
  if (a.pri !== b.pri) return a.pri > b.pri;
  return a.seq < b.seq;
}

const COMPACT_AT = 4096;

/** Waiting entries of one queue. */
export class ReadyQueue {
  private readonly heap = new IndexedHeap<JobEntry>(waitingLess);
  private run: (JobEntry | null)[] = [];
  private runHead = 0;
  /** Absolute position of run[0]. */
  private runBase = 0;
  private runLive = 0;
  /** Keys of the last appended entry (copied: the entry's own keys may change later). */
  private lastPri = 0;
  private lastSeq = 0;

  /** Number of entries. */
  get size(): number {
    return this.heap.size + this.runLive;
  }

  /** Insert `e` (its pri/seq set). */
  push(e: JobEntry): void {
    if (this.runLive === 0 || !this.beforeLast(e)) {
      if (this.runLive === 0 && this.run.length > 0) this.resetRun();
      e.heapIdx = -2 - (this.runBase + this.run.length);
      this.run.push(e);
      this.runLive++;
      this.lastPri = e.pri;
      this.lastSeq = e.seq;
    } else {
      this.heap.push(e);
    }
  }

  /** The next entry to pull, without removing it. */
  peek(): JobEntry | undefined {
    const r = this.runPeek();
    const h = this.heap.peek();
    if (r === null) return h;
    if (h === undefined) return r;
    return waitingLess(h, r) ? h : r;
  }

  /** Remove and return the next entry to pull. */
  pop(): JobEntry | undefined {
    const r = this.runPeek();
    if (r === null) return this.heap.pop();
    const h = this.heap.peek();
    if (h !== undefined && waitingLess(h, r)) return this.heap.pop();
    this.run[this.runHead++] = null;
    r.heapIdx = -1;
    this.runLive--;
    if (this.runHead >= COMPACT_AT && this.runHead * 2 >= this.run.length) this.compact();
    return r;
  }

  /** Remove `e` if present; returns whether it was. */
  remove(e: JobEntry): boolean {
    const h = e.heapIdx;
    if (h <= -2) {
      const i = -2 - h - this.runBase;
      if (this.run[i] === e) {
        this.run[i] = null;
        e.heapIdx = -1;
        this.runLive--;
        return true;
      }
      return false;
    }
    return this.heap.remove(e);
  }

  /** Restore order after `e`'s priority changed. */
  update(e: JobEntry): void {
    if (this.remove(e)) this.push(e);
  }

  /** Whether `e` is in this queue. */
  has(e: JobEntry): boolean {
    const h = e.heapIdx;
    if (h <= -2) return this.run[-2 - h - this.runBase] === e;
    return this.heap.has(e);
  }

  /** Every entry (unordered). */
  values(): JobEntry[] {
    const out = this.heap.values().slice();
    for (let i = this.runHead; i < this.run.length; i++) {
      const e = this.run[i];
      if (e !== null) out.push(e);
    }
    return out;
  }

  /** Whether `e` sorts before the last appended entry. */
  private beforeLast(e: JobEntry): boolean {
    if (e.pri !== this.lastPri) return e.pri > this.lastPri;
    return e.seq < this.lastSeq;
  }

  private runPeek(): JobEntry | null {
    if (this.runLive === 0) return null;
    const run = this.run;
    let i = this.runHead;
    while (run[i] === null) i++;
    this.runHead = i;
    return run[i] as JobEntry;
  }

  private resetRun(): void {
    this.runBase += this.run.length;
    this.run = [];
    this.runHead = 0;
  }

  private compact(): void {
    this.run = this.run.slice(this.runHead);
    this.runBase += this.runHead;
    this.runHead = 0;
  }
}
