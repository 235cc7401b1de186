/**
 * Values by numeric job id, in pages of 4,096 slots. Job ids come from an {@link IdSource}:
 * positive integers handed out in ascending order (dense, or one in N for a shard), so a
 * page fills up and empties roughly together. Against a `Map<number, T>` this saves the
 * hashing and the ~30 bytes per entry of a hash table, and an insert or a lookup is an
 * array index — the job table is on the path of every push, ack and lookup.
 *
 * Iteration (`values()`) is in ascending id order. Lookups with anything that is not a
 * stored id (a string, a negative or fractional number) find nothing, as a Map's do.
 */

const PAGE_SIZE = 4096;

class Page<T> {
  readonly slots: (T | null)[];
  count = 0;
  constructor() {
    this.slots = new Array<T | null>(PAGE_SIZE).fill(null);
  }
}

/** A table of values keyed by job id. */
export class IdTable<T> {
  readonly #pages = new Map<number, Page<T>>();
  /** Page keys in ascending order, rebuilt lazily when pages come or go. */
  #sortedKeys: number[] | null = [];
  #size = 0;
  /** The page of the last access (pushes and acks walk ids in order). */
  #lastKey = -1;
  #lastPage: Page<T> | undefined = undefined;

  /** Number of stored values. */
  get size(): number {
    return this.#size;
  }

  #page(key: number): Page<T> | undefined {
    if (key === this.#lastKey) return this.#lastPage;
    const p = this.#pages.get(key);
    if (p !== undefined) {
      this.#lastKey = key;
      this.#lastPage = p;
    }
    return p;
  }

  /** The value stored under `id`, or undefined. */
  get(id: number): T | undefined {
    if (typeof id !== "number") return undefined;
    const key = Math.floor(id / PAGE_SIZE);
    const p = this.#page(key);
    if (p === undefined) return undefined;
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
    let p = this.#page(key);
    if (p === undefined) {
      p = new Page<T>();
      this.#pages.set(key, p);
      this.#sortedKeys = null;
      this.#lastKey = key;
      this.#lastPage = p;
    }
    const i = id - key * PAGE_SIZE;
    if (p.slots[i] === null) {
      p.count++;
      this.#size++;
    }
    p.slots[i] = value;
    return this;
  }

  /** Remove the value under `id`; true when there was one. A page left empty is freed. */
  delete(id: number): boolean {
    if (typeof id !== "number") return false;
    const key = Math.floor(id / PAGE_SIZE);
    const p = this.#page(key);
    if (p === undefined) return false;
    const i = id - key * PAGE_SIZE;
    if (p.slots[i] === null || p.slots[i] === undefined) return false;
    p.slots[i] = null;
    this.#size--;
    if (--p.count === 0) {
      this.#pages.delete(key);
      this.#sortedKeys = null;
      if (this.#lastKey === key) {
        this.#lastKey = -1;
        this.#lastPage = undefined;
      }
    }
    return true;
  }

  /** Every stored value, in ascending id order. */
  *values(): IterableIterator<T> {
    const keys = (this.#sortedKeys ??= [...this.#pages.keys()].sort((a, b) => a - b));
    for (const key of keys) {
      const p = this.#pages.get(key);
      if (p === undefined) continue;
      const slots = p.slots;
      for (let i = 0; i < PAGE_SIZE; i++) {
        const v = slots[i];
        if (v !== null && v !== undefined) yield v;
      }
    }
  }
}
