/** IdTable (the engine's job table): behaves like a Map<number, T> for job ids, iterates by id. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IdTable } from "../../core/id-table.ts";
import { prng } from "./helpers/prng.ts";

describe("IdTable", () => {
  it("agrees with a Map over random sets, deletes and lookups across many pages", () => {
    const rnd = prng(7);
    const t = new IdTable<{ id: number }>();
    const m = new Map<number, { id: number }>();
    for (let step = 0; step < 60_000; step++) {
      // Mostly ascending ids (as an IdSource hands out), some far away, some revisited.
      const id = rnd() < 0.8 ? step + 1 : 1 + Math.floor(rnd() * 200_000);
      const r = rnd();
      if (r < 0.55) {
        const v = { id };
        t.set(id, v);
        m.set(id, v);
      } else if (r < 0.85) {
        assert.equal(t.delete(id), m.delete(id), `delete(${id})`);
      } else {
        assert.equal(t.get(id), m.get(id), `get(${id})`);
        assert.equal(t.has(id), m.has(id), `has(${id})`);
      }
      assert.equal(t.size, m.size);
    }
    const expected = [...m.keys()].sort((a, b) => a - b);
    assert.deepEqual([...t.values()].map((v) => v.id), expected);
    for (const id of expected) assert.equal(t.get(id), m.get(id));
  });

  it("frees an emptied page and still finds values on other pages", () => {
    const t = new IdTable<string>();
    t.set(1, "a");
    t.set(5000, "b");
    t.set(3 * 4096 + 1, "c");
    assert.equal(t.delete(5000), true);
    assert.equal(t.delete(5000), false);
    assert.equal(t.get(5000), undefined);
    t.set(5001, "d");
    assert.deepEqual([...t.values()], ["a", "d", "c"]);
    assert.equal(t.size, 3);
  });

  it("keeps the few survivors of drained pages (moved aside), in id order, through later inserts and deletes", () => {
    const rnd = prng(11);
    const t = new IdTable<number>();
    const m = new Map<number, number>();
    for (let id = 1; id <= 50_000; id++) {
      t.set(id, id);
      m.set(id, id);
    }
    // Drain 97% at random: most pages fall below 1/32 full and are freed.
    for (let id = 1; id <= 50_000; id++) {
      if (rnd() < 0.97) {
        assert.equal(t.delete(id), true);
        m.delete(id);
      }
    }
    // Restores into old ranges, new ids at the end, lookups and deletes of survivors.
    for (let k = 0; k < 2_000; k++) {
      const old = 1 + Math.floor(rnd() * 50_000);
      t.set(old, -old);
      m.set(old, -old);
      const fresh = 50_000 + k + 1;
      t.set(fresh, fresh);
      m.set(fresh, fresh);
      const probe = 1 + Math.floor(rnd() * 52_000);
      assert.equal(t.get(probe), m.get(probe), `get(${probe})`);
      if (rnd() < 0.5) assert.equal(t.delete(probe), m.delete(probe), `delete(${probe})`);
    }
    assert.equal(t.size, m.size);
    const ids = [...m.keys()].sort((a, b) => a - b);
    assert.deepEqual([...t.values()], ids.map((id) => m.get(id)));
  });

  it("finds nothing for keys that are not stored ids", () => {
    const t = new IdTable<string>();
    t.set(5, "five");
    t.set(2 ** 40, "big");
    for (const k of ["5", 5.5, -5, Number.NaN, Infinity, 0, 2 ** 40 + 1] as unknown[]) {
      assert.equal(t.get(k as number), undefined, `get(${String(k)})`);
      assert.equal(t.has(k as number), false, `has(${String(k)})`);
      assert.equal(t.delete(k as number), false, `delete(${String(k)})`);
    }
    assert.equal(t.get(2 ** 40), "big");
    assert.equal(t.size, 2);
  });

  it("visits exactly the values still stored when pages are freed during the iteration", () => {
    const t = new IdTable<number>();
    for (let i = 1; i <= 10_240; i++) t.set(i, i);
    const survivor = (id: number): boolean => id % 100 === 0;
    const seen: number[] = [];
    for (const v of t.values()) {
      seen.push(v);
      if (v === 1) {
        // Free the page being walked (ids 1..1023) and one ahead (3072..4095), keeping a few.
        for (let id = 2; id < 1024; id++) if (!survivor(id)) t.delete(id);
        for (let id = 3072; id < 4096; id++) if (!survivor(id)) t.delete(id);
      }
    }
    const expected = [...Array(10_240).keys()]
      .map((i) => i + 1)
      .filter((id) => id === 1 || (id < 1024 ? survivor(id) : id < 3072 || id >= 4096 || survivor(id)));
    assert.deepEqual(seen, expected);
    assert.equal(t.size, expected.length);
  });

  it("iterates safely while values are deleted", () => {
    const t = new IdTable<number>();
    for (let i = 1; i <= 10_000; i++) t.set(i, i);
    const seen: number[] = [];
    for (const v of t.values()) {
      seen.push(v);
      if (v % 2 === 1) t.delete(v + 1); // delete the next one ahead of the cursor
    }
    assert.equal(seen.length, 5000);
    assert.ok(seen.every((v) => v % 2 === 1));
    assert.equal(t.size, 5000);
  });
});
