/**
 * Values by numeric job id, in pages of 1,024 slots. Job ids come from an {@link IdSource}:
 * positive integers handed out in ascending order (dense, or one in N for a shard), so a
 * page fills up and empties roughly together. Against a `Map<number, T>` this saves the
 * hashing and the ~30 bytes per entry of a hash table, and an insert or a lookup is an
 * array index — the job table is on the path of every push, ack and lookup.
 *
 * Memory stays bounded when few jobs of a page outlive the rest (a delayed job, one in the
 * DLQ): a page other than the newest that falls below 1/32 full moves its values to an
 * overflow Map and is freed, so a page never costs more than 256 bytes per value it holds.
 * Invariant: an id is in the overflow only while no page exists for its range; ids older
 * than the newest page whose page is gone go to the overflow too (restores).
 *
 * Iteration (`values()`) is in ascending id order. Lookups with anything that is not a
 * stored id (a string, a negative or fractional number) find nothing, as a Map's do.
 */

const PAGE_SIZE = 1024;
/** A page (other than the newest) with fewer values than this moves them to the overflow. */
const SPARSE_BELOW = PAGE_SIZE / 32;

class Page<T> {
  readonly slots: (T | null)[];
  count = 0;
  constructor() {
    this.slots = new Array<T | null>(PAGE_SIZE).fill(null);
  }
}

/** A table of values keyed by job id. */
export class IdTable<T> {
  private readonly pages = new Map<number, Page<T>>();
  /** Values of freed sparse pages (and late inserts into their ranges). */
  private readonly overflow = new Map<number, T>();
  /** Page keys in ascending order, rebuilt lazily when pages come or go. */
  private sortedKeys: number[] | null = [];
  private stored = 0;
  /** Key of the newest page (where new ids land); never freed while newest. */
  private tailKey = -Infinity;
  /** The page of the last access (pushes and acks walk ids in order). */
  private lastKey = NaN;
  private lastPage: Page<T> | undefined = undefined;

  /** Number of stored values. */
  get size(): number {
    return this.stored;
  }

  private pageAt(key: number): Page<T> | undefined {
    if (key === this.lastKey) return this.lastPage;
    const p = this.pages.get(key);
    if (p !== undefined) {
      this.lastKey = key;
      this.lastPage = p;
    }
    return p;
  }

  /** The value stored under `id`, or undefined. */
  get(id: number): T | undefined {
    if (typeof id !== "number") return undefined;
    const key = Math.floor(id / PAGE_SIZE);
    const p = this.pageAt(key);
    if (p === undefined) return this.overflow.size === 0 ? undefined : this.overflow.get(id);
    const v = p.slots[id - key * PAGE_SIZE];
    return v === null ? undefined : v;
  }

  /** True when a value is stored under `id`. */
  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Store `value` under `id` (a positive integer), replacing any value there. */
  set(id: number, value: T): this {
    const key = Math.floor(id / PAGE_SIZE);
    let p = this.pageAt(key);
    if (p === undefined) {
      if (key < this.tailKey) {
        // An old range whose page is gone (or never was): keep the invariant, use the overflow.
        if (!this.overflow.has(id)) this.stored++;
        this.overflow.set(id, value);
        return this;
      }
      p = this.newTail(key);
    }
    const i = id - key * PAGE_SIZE;
    if (p.slots[i] === null) {
      p.count++;
      this.stored++;
    }
    p.slots[i] = value;
    return this;
  }

  /** Remove the value under `id`; true when there was one. */
  delete(id: number): boolean {
    if (typeof id !== "number") return false;
    const key = Math.floor(id / PAGE_SIZE);
    const p = this.pageAt(key);
    if (p === undefined) {
      if (!this.overflow.delete(id)) return false;
      this.stored--;
      return true;
    }
    const i = id - key * PAGE_SIZE;
    if (p.slots[i] === null || p.slots[i] === undefined) return false;
    p.slots[i] = null;
    this.stored--;
    p.count--;
    if (key !== this.tailKey && p.count < SPARSE_BELOW) this.release(key, p);
    return true;
  }

  /**
   * Every stored value, in ascending id order. Deleting while iterating is safe (a value
   * deleted before it is reached is not visited); values added meanwhile may be missed.
   */
  *values(): IterableIterator<T> {
    const keys = (this.sortedKeys ??= [...this.pages.keys()].sort((a, b) => a - b));
    const extra = this.overflow.size === 0 ? [] : [...this.overflow.keys()].sort((a, b) => a - b);
    const overflow = this.overflow;
    let j = 0;
    for (const key of keys) {
      const base = key * PAGE_SIZE;
      for (; j < extra.length && extra[j]! < base; j++) {
        const v = overflow.get(extra[j]!);
        if (v !== undefined) yield v;
      }
      const p = this.pages.get(key);
      for (let i = 0; i < PAGE_SIZE; i++) {
        // A page released before or while we walk it has moved its values to the overflow.
        const v = p === undefined || p.count < 0 ? overflow.get(base + i) : p.slots[i];
        if (v !== null && v !== undefined) yield v;
      }
    }
    for (; j < extra.length; j++) {
      const v = overflow.get(extra[j]!);
      if (v !== undefined) yield v;
    }
  }

  /** Create the page for `key` (≥ the tail) as the new tail; the old tail may now be released. */
  private newTail(key: number): Page<T> {
    const oldKey = this.tailKey;
    const p = new Page<T>();
    this.pages.set(key, p);
    this.sortedKeys = null;
    this.tailKey = key;
    this.lastKey = key;
    this.lastPage = p;
    const old = this.pages.get(oldKey);
    if (old !== undefined && old.count < SPARSE_BELOW) this.release(oldKey, old);
    return p;
  }

  /** Free a sparse page, moving what it still holds to the overflow. */
  private release(key: number, p: Page<T>): void {
    if (p.count > 0) {
      const base = key * PAGE_SIZE;
      const slots = p.slots;
      for (let i = 0; i < PAGE_SIZE; i++) {
        const v = slots[i];
        if (v !== null && v !== undefined) this.overflow.set(base + i, v);
      }
    }
    p.count = -1; // released: an iteration walking it reads the overflow from here on
    this.pages.delete(key);
    this.sortedKeys = null;
    if (this.lastKey === key) {
      this.lastKey = NaN;
      this.lastPage = undefined;
    }
  }
}
