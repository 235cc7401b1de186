/**
 * One conformance suite for every Storage adapter (memory, PostgreSQL, PGlite).
 * `describeStorage(name, makeFixture, capabilities)` registers the tests; tests
 * that need a capability the adapter lacks are skipped.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Change, IdSource, QueueSettings, Storage, StoredJob } from "../../core/ports.ts";
import type { CronJob, Job, JobInput, JobState } from "../../core/types.ts";

/** What an adapter offers. */
export interface StorageCapabilities {
  /** Data written survives close + reopen. */
  durable: boolean;
  /** `openStorage` returns an IdSource that never repeats across reopen. */
  ids: boolean;
  /** listen/takeExternal + a way to insert external jobs. */
  external: boolean;
}

/** One isolated data set (a database, a directory) that can be opened repeatedly. */
export interface StorageFixture {
  /** Open a new storage instance on this fixture's data, as a restarted server would. */
  open(): Promise<{ storage: Storage; ids?: IdSource }>;
  /** Insert jobs as an edge producer does (capability `external`). */
  insertExternal?(queue: string, inputs: JobInput[], now: number): Promise<number[]>;
  /** Remove the data set. */
  cleanup(): Promise<void>;
}

/** A complete wire job with every field set to a non-default value where possible. */
export function sampleJob(id: number, over: Partial<Job> = {}): Job {
  return {
    id,
    queue: "conf",
    data: { n: id, nested: { list: [1, "two", null, true] }, text: 'quote " backslash \\ unicode é😀' },
    priority: 5,
    created_at: 1_700_000_000_000 + id,
    run_at: 1_700_000_000_500 + id,
    started_at: 0,
    attempts: 1,
    max_attempts: 3,
    backoff: 1000,
    backoff_type: "fixed",
    ttl: 60_000,
    timeout: 5000,
    unique_key: `u-${id}`,
    depends_on: [1, 2],
    progress: 40,
    progress_msg: "almost",
    tags: ["a", "b"],
    lifo: true,
    remove_on_complete: false,
    remove_on_fail: true,
    last_heartbeat: 0,
    stall_timeout: 30_000,
    stall_count: 1,
    parent_id: null,
    children_ids: [],
    children_completed: 0,
    custom_id: `c-${id}`,
    keep_completed_age: 0,
    keep_completed_count: 0,
    completed_at: 0,
    group_id: "g",
    ...over,
  };
}

const ins = (stored: StoredJob): Change => ({ type: "inserted", stored });
const upd = (stored: StoredJob): Change => ({ type: "updated", stored });
const del = (id: number): Change => ({ type: "removed", id });

function byId(jobs: StoredJob[]): Map<number, StoredJob> {
  return new Map(jobs.map((s) => [s.job.id, s]));
}

/** Register the conformance tests for one adapter. */
export function describeStorage(
  name: string,
  makeFixture: () => Promise<StorageFixture>,
  caps: StorageCapabilities,
): void {
  describe(`storage conformance: ${name}`, () => {
    let fx: StorageFixture;
    const open: Storage[] = [];
    let nextBase = 1_000_000;

    /** Open a storage on the fixture, closed automatically in after(). */
    async function openOne(): Promise<{ storage: Storage; ids?: IdSource }> {
      const r = await fx.open();
      open.push(r.storage);
      return r;
    }
    async function reopen(s: Storage): Promise<{ storage: Storage; ids?: IdSource }> {
      await s.close();
      open.splice(open.indexOf(s), 1);
      return openOne();
    }
    /** Fresh ids per test so tests on the shared fixture do not collide. */
    function ids(n: number): number[] {
      const base = nextBase;
      nextBase += 1000;
      return Array.from({ length: n }, (_, i) => base + i);
    }

    before(async () => {
      fx = await makeFixture();
    });
    after(async () => {
      for (const s of open.splice(0)) await s.close();
      await fx.cleanup();
    });

    test("load on empty data returns an empty snapshot", async () => {
      const { storage } = await openOne();
      const snap = await storage.load();
      assert.ok(Array.isArray(snap.jobs) && Array.isArray(snap.queues) && Array.isArray(snap.crons));
      assert.equal(typeof snap.maxId, "number");
      assert.equal(storage.durable, caps.durable);
    });

    test("write then load round-trips every job field and state", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const states: JobState[] = ["waiting", "delayed", "completed", "failed", "waiting-children", "waiting-parent"];
      const [a, b, c, d, e, f] = ids(6) as [number, number, number, number, number, number];
      const written: StoredJob[] = [
        { job: sampleJob(a), state: states[0]! },
        { job: sampleJob(b, { priority: -3.5, run_at: 1_700_000_009_999.5 }), state: states[1]! },
        { job: sampleJob(c, { completed_at: 123 }), state: states[2]!, result: { ok: [1, 2, 3] } },
        {
          job: sampleJob(d, { attempts: 3 }),
          state: states[3]!,
          error: "boom",
          logs: [{ timestamp: 5, message: "tried", level: "warn" }],
        },
        { job: sampleJob(e, { custom_id: null, unique_key: null }), state: states[4]! },
        { job: sampleJob(f, { children_ids: [a, b], parent_id: null }), state: states[5]! },
      ];
      await storage.write(written.map(ins));
      const { storage: again } = await reopen(storage);
      const got = byId((await again.load()).jobs);
      for (const w of written) assert.deepEqual(got.get(w.job.id), w);
    });

    test("a job stored while active comes back (as waiting, or active for the engine to requeue)", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const [a] = ids(1) as [number];
      await storage.write([ins({ job: sampleJob(a), state: "waiting" })]);
      await storage.write([upd({ job: sampleJob(a, { started_at: 99, progress: 50 }), state: "active" })]);
      const { storage: again } = await reopen(storage);
      const got = byId((await again.load()).jobs).get(a);
      assert.ok(got?.state === "waiting" || got?.state === "active", `state ${got?.state}`);
      assert.equal(got?.job.progress, 50);
    });

    test("changes within one batch apply in order (last wins, insert+remove = gone)", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const [a, b, c] = ids(3) as [number, number, number];
      await storage.write([
        ins({ job: sampleJob(a), state: "waiting" }),
        upd({ job: sampleJob(a, { priority: 9 }), state: "delayed" }),
        ins({ job: sampleJob(b), state: "waiting" }),
        del(b),
        ins({ job: sampleJob(c), state: "waiting" }),
        upd({ job: sampleJob(c, { attempts: 2 }), state: "waiting" }),
        upd({ job: sampleJob(c, { attempts: 3 }), state: "failed" }),
      ]);
      const got = byId((await (await reopen(storage)).storage.load()).jobs);
      assert.equal(got.get(a)?.state, "delayed");
      assert.equal(got.get(a)?.job.priority, 9);
      assert.equal(got.has(b), false);
      assert.equal(got.get(c)?.state, "failed");
      assert.equal(got.get(c)?.job.attempts, 3);
    });

    test("later batches update and remove rows of earlier ones", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const [a, b, c] = ids(3) as [number, number, number];
      await storage.write([a, b, c].map((id) => ins({ job: sampleJob(id), state: "waiting" })));
      await storage.write([upd({ job: sampleJob(a, { data: "changed" }), state: "waiting" }), del(b)]);
      await storage.write([del(c), del(987_654_321)]); // unknown ids are ignored
      const got = byId((await (await reopen(storage)).storage.load()).jobs);
      assert.equal(got.get(a)?.job.data, "changed");
      assert.equal(got.has(b), false);
      assert.equal(got.has(c), false);
    });

    test("writes not awaited are applied in call order", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const [a] = ids(1) as [number];
      const pending: Promise<void>[] = [storage.write([ins({ job: sampleJob(a), state: "waiting" })])];
      for (let v = 1; v <= 20; v++) pending.push(storage.write([upd({ job: sampleJob(a, { progress: v }), state: "waiting" })]));
      await Promise.all(pending);
      const got = byId((await (await reopen(storage)).storage.load()).jobs).get(a);
      assert.equal(got?.job.progress, 20);
    });

    test("every job comes back exactly once, across pages", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const many = ids(1000);
      // Insert in reverse, in batches, to see that load orders by id.
      for (let i = many.length; i > 0; i -= 250) {
        await storage.write(many.slice(Math.max(0, i - 250), i).reverse().map((id) => ins({ job: sampleJob(id), state: "waiting" })));
      }
      const wanted = new Set(many);
      const loaded = (await (await reopen(storage)).storage.load()).jobs.map((s) => s.job.id).filter((id) => wanted.has(id));
      assert.deepEqual(loaded.sort((x, y) => x - y), many);
    });

    test("queue settings are upserted and removed", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const s1: QueueSettings = { queue: "settings-a", paused: true, rate_limit: 12.5, concurrency_limit: 4 };
      const s2: QueueSettings = { queue: "settings-b", paused: false, rate_limit: null, concurrency_limit: null };
      await storage.write([{ type: "queue", settings: s1 }, { type: "queue", settings: s2 }]);
      await storage.write([{ type: "queue", settings: { ...s1, paused: false, concurrency_limit: null } }, { type: "queueRemoved", queue: "settings-b" }]);
      const snap = await (await reopen(storage)).storage.load();
      const got = new Map(snap.queues.map((q) => [q.queue, q]));
      assert.deepEqual(got.get("settings-a"), { ...s1, paused: false, concurrency_limit: null });
      assert.equal(got.has("settings-b"), false);
    });

    test("crons are upserted and removed", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const cron: CronJob = {
        name: "nightly",
        queue: "reports",
        data: { kind: "daily" },
        schedule: "0 0 3 * * *",
        repeat_every: null,
        priority: 2,
        next_run: 1_700_000_100_000,
        executions: 0,
        limit: 10,
      };
      const other: CronJob = { ...cron, name: "often", schedule: null, repeat_every: 1000, limit: null };
      await storage.write([{ type: "cron", cron }, { type: "cron", cron: other }]);
      await storage.write([{ type: "cron", cron: { ...cron, executions: 1, next_run: 1_700_086_500_000 } }, { type: "cronRemoved", name: "often" }]);
      const snap = await (await reopen(storage)).storage.load();
      const got = new Map(snap.crons.map((c) => [c.name, c]));
      assert.deepEqual(got.get("nightly"), { ...cron, executions: 1, next_run: 1_700_086_500_000 });
      assert.equal(got.has("often"), false);
    });

    test("maxId covers every id written", { skip: caps.durable ? false : "adapter is not durable" }, async () => {
      const { storage } = await openOne();
      const [a] = ids(1) as [number];
      await storage.write([ins({ job: sampleJob(a), state: "waiting" })]);
      const snap = await (await reopen(storage)).storage.load();
      assert.ok(snap.maxId >= a, `maxId ${snap.maxId} < ${a}`);
    });

    test("ids increase and never repeat across restarts", { skip: caps.ids ? false : "adapter has no durable id source" }, async () => {
      const first = await openOne();
      assert.ok(first.ids);
      const seen = new Set<number>();
      let last = 0;
      for (let i = 0; i < 5000; i++) {
        const id = first.ids.next();
        assert.ok(id > last, "ids increase");
        seen.add(id);
        last = id;
      }
      const second = await reopen(first.storage);
      assert.ok(second.ids);
      for (let i = 0; i < 5000; i++) {
        const id: number = second.ids.next();
        assert.equal(seen.has(id), false, `id ${id} repeated after restart`);
        seen.add(id);
      }
      const snap = await second.storage.load();
      assert.ok(snap.maxId >= last, "maxId covers reserved ids");
    });

    test("external inserts are taken exactly once, in id order", { skip: caps.external ? false : "adapter takes no external inserts" }, async () => {
      const { storage } = await openOne();
      assert.ok(storage.takeExternal && fx.insertExternal);
      const before = await storage.takeExternal();
      assert.deepEqual(before, []);
      const idsIn = await fx.insertExternal("edge", [{ data: 1 }, { data: 2, delay: 5000, priority: 3 }], 1_700_000_000_000);
      assert.equal(idsIn.length, 2);
      const taken = await storage.takeExternal();
      assert.deepEqual(taken.map((s) => s.job.id), idsIn);
      assert.deepEqual(taken.map((s) => s.state), ["waiting", "delayed"]);
      assert.equal(taken[1]!.job.run_at, 1_700_000_005_000);
      assert.equal(taken[1]!.job.priority, 3);
      assert.deepEqual(await storage.takeExternal(), []);
      // Once taken they are ordinary rows: a restart loads them.
      const got = byId((await (await reopen(storage)).storage.load()).jobs);
      assert.equal(got.get(idsIn[0]!)?.job.data, 1);
    });

    test("listen is told about external inserts", { skip: caps.external ? false : "adapter takes no external inserts" }, async () => {
      const { storage } = await openOne();
      assert.ok(storage.listen && fx.insertExternal);
      let notified!: () => void;
      const told = new Promise<void>((resolve) => (notified = resolve));
      const unlisten = await storage.listen(() => notified());
      try {
        await fx.insertExternal("edge-listen", [{ data: "x" }], 1_700_000_000_000);
        await told;
        const taken = await storage.takeExternal!();
        assert.ok(taken.some((s) => s.job.queue === "edge-listen"));
      } finally {
        await unlisten();
      }
    });

    test("load includes external jobs left while no server ran", { skip: caps.external ? false : "adapter takes no external inserts" }, async () => {
      const { storage } = await openOne();
      await storage.close();
      open.splice(open.indexOf(storage), 1);
      const idsIn = await fx.insertExternal!("edge-offline", [{ data: "while down" }], 1_700_000_000_000);
      const again = await openOne();
      const got = byId((await again.storage.load()).jobs);
      assert.equal(got.get(idsIn[0]!)?.state, "waiting");
    });
  });
}
