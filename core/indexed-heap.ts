/**
 * Indexed binary min-heap. Every element stores its own position in `heapIdx`,
 * so removal and re-prioritisation of an arbitrary element are O(log n) without a
 * side map. An element may be in at most one heap at a time (the engine's job
 * entries are: a job is either waiting or delayed, never both).
 */

/** What an element of an {@link IndexedHeap} must carry: its slot, -1 when outside. */
export interface HeapItem {
  heapIdx: number;
}

/** Binary min-heap ordered by `less`, with O(log n) `remove`/`update` by element. */
export class IndexedHeap<T extends HeapItem> {
  private items: T[] = [];
  private readonly less: (a: T, b: T) => boolean;

  constructor(less: (a: T, b: T) => boolean) {
    this.less = less;
  }

  /** Number of elements. */
  get size(): number {
    return this.items.length;
  }

  /** Smallest element, or undefined. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Insert `item` (its `heapIdx` must be -1). */
  push(item: T): void {
    const items = this.items;
    const i = items.length;
    items.push(item);
    item.heapIdx = i;
    this.up(i);
  }

  /** Remove and return the smallest element. */
  pop(): T | undefined {
    const items = this.items;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0];
    const last = items.pop() as T;
    if (n > 1) {
      items[0] = last;
      last.heapIdx = 0;
      this.down(0);
    }
    top.heapIdx = -1;
    return top;
  }

  /** Remove `item` if it is in this heap; returns whether it was. */
  remove(item: T): boolean {
    const i = item.heapIdx;
    const items = this.items;
    if (i < 0 || i >= items.length || items[i] !== item) return false;
    const last = items.pop() as T;
    if (last !== item) {
      items[i] = last;
      last.heapIdx = i;
      this.down(i);
      this.up(last.heapIdx);
    }
    item.heapIdx = -1;
    return true;
  }

  /** Restore order after `item`'s key changed. */
  update(item: T): void {
    const i = item.heapIdx;
    if (i < 0 || this.items[i] !== item) return;
    this.up(i);
    this.down(item.heapIdx);
  }

  /** Whether `item` is in this heap. */
  has(item: T): boolean {
    const i = item.heapIdx;
    return i >= 0 && this.items[i] === item;
  }

  /** The elements in heap (not sorted) order; do not mutate. */
  values(): readonly T[] {
    return this.items;
  }

  /** Remove every element. */
  clear(): void {
    for (const it of this.items) it.heapIdx = -1;
    this.items = [];
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p];
      if (!this.less(item, parent)) break;
      items[i] = parent;
      parent.heapIdx = i;
      i = p;
    }
    items[i] = item;
    item.heapIdx = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let child = items[l];
      if (r < n && this.less(items[r], child)) {
        c = r;
        child = items[r];
      }
      if (!this.less(child, item)) break;
      items[i] = child;
      child.heapIdx = i;
      i = c;
    }
    items[i] = item;
    item.heapIdx = i;
  }
}
