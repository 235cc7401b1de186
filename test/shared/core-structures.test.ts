/** Data structures: indexed heap, ready queue, scheduler, manual clock, JSON size. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IndexedHeap } from "../../core/indexed-heap.ts";
import { ReadyQueue, waitingLess } from "../../core/ready-queue.ts";
import { JobEntry } from "../../core/job-entry.ts";
import { QueueState } from "../../core/queue-state.ts";
import { Scheduler } from "../../core/scheduler.ts";
import { ManualClock, exactJsonBytes, utf8Length } from "../../core/index.ts";
import { jsonSizeExceeds } from "../../core/json-size.ts";
import { prng } from "./helpers/prng.ts";

function entry(id: number, pri: number, seq: number): JobEntry {
  const e = new JobEntry(id, new QueueState("q"), 0, null, pri, 0, null);
  e.seq = seq;
  return e;
}

describe("IndexedHeap", () => {
  it("pops in order and removes arbitrary elements", () => {
    const rnd = prng(1);
    const heap = new IndexedHeap<{ v: number; heapIdx: number }>((a, b) => a.v < b.v);
    const items = Array.from({ length: 500 }, () => ({ v: Math.floor(rnd() * 1000), heapIdx: -1 }));
    for (const it of items) heap.push(it);
    const removed = new Set(items.filter((_, i) => i % 3 === 0));
    for (const it of removed) assert.equal(heap.remove(it), true);
    assert.equal(heap.remove(items[0]), false);
    const out: number[] = [];
    while (heap.size) out.push(heap.pop()!.v);
    const expected = items.filter((it) => !removed.has(it)).map((it) => it.v).sort((a, b) => a - b);
    assert.deepEqual(out, expected);
  });
});

describe("ReadyQueue", () => {
  it("matches a sorted reference under random push/pop/remove/update", () => {
    const rnd = prng(7);
    const rq = new ReadyQueue();
    const live = new Set<JobEntry>();
    let id = 0;
    for (let step = 0; step < 5000; step++) {
      const r = rnd();
      if (r < 0.5) {
        // mostly FIFO at the same priority, sometimes another priority or an out-of-order seq
        const pri = rnd() < 0.8 ? 0 : Math.floor(rnd() * 5);
        const e = entry(++id, pri, rnd() < 0.9 ? id : rnd() < 0.5 ? -id : Math.floor(rnd() * id) + 0.5);
        rq.push(e);
        live.add(e);
      } else if (r < 0.75) {
        const e = rq.pop();
        if (e === undefined) {
          assert.equal(live.size, 0);
          continue;
        }
        const best = [...live].sort((a, b) => (waitingLess(a, b) ? -1 : waitingLess(b, a) ? 1 : 0))[0];
        assert.equal(e, best);
        live.delete(e);
      } else if (r < 0.9 && live.size > 0) {
        const e = [...live][Math.floor(rnd() * live.size)];
        assert.equal(rq.remove(e), true);
        assert.equal(rq.has(e), false);
        live.delete(e);
      } else if (live.size > 0) {
        const e = [...live][Math.floor(rnd() * live.size)];
        e.pri = Math.floor(rnd() * 5);
        rq.update(e);
      }
      assert.equal(rq.size, live.size);
    }
  });
});

describe("Scheduler and ManualClock", () => {
  it("fires entries in time order through one clock timer, skipping cancelled ones", () => {
    const clock = new ManualClock(0);
    const sched = new Scheduler(clock);
    const fired: string[] = [];
    sched.at(300, () => fired.push("c"));
    sched.at(100, () => fired.push("a"));
    const x = sched.at(200, () => fired.push("x"));
    sched.at(200, () => fired.push("b"));
    x.cancel();
    assert.equal(clock.pendingTimers, 1);
    clock.advance(250);
    assert.deepEqual(fired, ["a", "b"]);
    clock.advance(50);
    assert.deepEqual(fired, ["a", "b", "c"]);
  });

  it("cancel frees the entry's slot at once", () => {
    const clock = new ManualClock(0);
    const sched = new Scheduler(clock);
    const a = sched.at(100, () => {});
    sched.at(200, () => {});
    assert.equal(sched.size, 2);
    a.cancel();
    a.cancel();
    assert.equal(sched.size, 1);
  });

  it("a throwing callback is reported and does not stop later entries", () => {
    const clock = new ManualClock(0);
    const sched = new Scheduler(clock);
    const errors: unknown[] = [];
    sched.onError = (e) => errors.push(e);
    let ran = false;
    sched.at(10, () => {
      throw new Error("boom");
    });
    sched.at(10, () => (ran = true));
    clock.advance(10);
    assert.equal(ran, true);
    assert.equal((errors[0] as Error).message, "boom");
  });

  it("ManualClock: timers armed while firing fire within the same advance; now() is each deadline", () => {
    const clock = new ManualClock(1000);
    const seen: number[] = [];
    clock.setTimer(() => {
      seen.push(clock.now());
      clock.setTimer(() => seen.push(clock.now()), 10);
    }, 5);
    const h = clock.setTimer(() => seen.push(-1), 7);
    clock.clearTimer(h);
    clock.advance(100);
    assert.deepEqual(seen, [1005, 1015]);
    assert.equal(clock.now(), 1100);
    assert.throws(() => clock.advance(-1), RangeError);
  });
});

describe("JSON size", () => {
  it("utf8Length and exactJsonBytes agree with the encoder", () => {
    for (const s of ["", "abc", "é", "€", "😀", "a\u0000b"]) {
      assert.equal(utf8Length(s), new TextEncoder().encode(s).length);
    }
    assert.equal(exactJsonBytes({ a: "é" }), new TextEncoder().encode(JSON.stringify({ a: "é" })).length);
  });

  it("the upper-bound walk never under-estimates small values", () => {
    for (const v of [null, 1, "x", [1, "two", { three: 3 }], { nested: { deep: ["a", true, null] } }, 'quote"s\\']) {
      assert.ok(jsonSizeExceeds(v, 1e9) >= exactJsonBytes(v), JSON.stringify(v));
    }
    // over the limit: the exact size is returned
    assert.equal(jsonSizeExceeds("x".repeat(100), 10), 102);
  });
});
