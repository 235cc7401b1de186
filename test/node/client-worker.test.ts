/**
 * Queue (BullMQ-compatible) and Worker against the real server, in all three modes.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { FlashQ, Queue, Worker, type Job, type WorkerState } from "../../client/index.ts";
import { MODES, conn, deferred, nextEvent, qname, start, until, type RunningServer } from "./client-helpers.ts";

for (const mode of MODES) {
  describe(`Queue and Worker — ${mode.name}`, { timeout: 30000 }, () => {
    let server: RunningServer;
    let client: FlashQ;
    before(async () => {
      server = await start();
      client = new FlashQ(conn(server, mode.options));
    });
    after(async () => {
      await client?.close();
      await server?.close();
    });

    test("Queue: add with BullMQ options and defaults, addBulk, getJob, counts, pause, drain, clean, obliterate", async () => {
      const queue = new Queue<{ to: string }>(qname("q"), {
        ...conn(server, mode.options),
        defaultJobOptions: { priority: 3, attempts: 2 },
      });
      const job = await queue.add("send-email", { to: "a@b.c" }, {
        attempts: 5,
        backoff: { type: "exponential", delay: 1000 },
        jobId: `custom-${queue.name}`,
      });
      assert.equal(job.name, "send-email");
      const stored = await queue.getJob(job.id);
      assert.deepEqual(stored?.data, { to: "a@b.c" });
      assert.equal(stored?.max_attempts, 5);
      assert.equal(stored?.priority, 3, "defaultJobOptions apply");
      assert.equal(stored?.backoff, 1000);
      assert.equal(stored?.custom_id, `custom-${queue.name}`);
      const bulk = await queue.addBulk([
        { name: "send", data: { to: "x" } },
        { name: "send", data: { to: "y" }, opts: { priority: 10, removeOnComplete: true } },
      ]);
      assert.equal(bulk.length, 2);
      assert.equal((await queue.getJob(bulk[1]!.id))?.remove_on_complete, true);
      assert.equal((await queue.getJobCounts()).waiting, 3);
      await queue.pause();
      assert.equal(await queue.isPaused(), true);
      await queue.resume();
      assert.equal(await queue.isPaused(), false);
      await queue.drain();
      assert.equal((await queue.getJobCounts()).waiting, 0);
      await queue.add("late", { to: "z" });
      assert.deepEqual(await queue.clean(0, 10, "waiting"), [0]);
      await queue.add("again", { to: "w" });
      await queue.obliterate();
      assert.equal(await queue.getJob(job.id), null);
      await queue.close();
    });

    test("Worker: processes with concurrency, stores results, counts, events", async () => {
      const name = qname("w");
      const queue = new Queue(name, conn(server, mode.options));
      let running = 0;
      let peak = 0;
      const worker = new Worker<{ n: number }, { doubled: number }>(name, async (job) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return { doubled: job.data.n * 2 };
      }, { ...conn(server, mode.options), concurrency: 3, batchSize: 10, autorun: false });
      assert.equal(worker.getState(), "idle");
      const states: WorkerState[] = [];
      const ready = nextEvent(worker, "ready");
      const starting = worker.start();
      states.push(worker.getState());
      await starting;
      await ready;
      states.push(worker.getState());
      assert.equal(worker.isRunning(), true);
      const active: number[] = [];
      worker.on("active", (job: Job) => active.push(job.id));
      const done = new Map<number, unknown>();
      worker.on("completed", (job: Job, result: unknown, workerId: string) => {
        assert.equal(workerId, worker.id);
        done.set(job.id, result);
      });
      const jobs = await queue.addBulk(Array.from({ length: 12 }, (_, n) => ({ name: "x", data: { n } })));
      await until(() => done.size === 12);
      assert.ok(peak <= 3, `concurrency respected (peak ${peak})`);
      assert.equal(active.length, 12);
      assert.equal(worker.getJobsProcessed(), 12);
      assert.deepEqual(await queue.finished(jobs[5]!.id, 2000), { doubled: 10 });
      assert.deepEqual(await client.getResult(jobs[11]!.id), { doubled: 22 });
      const stopping = nextEvent(worker, "stopping");
      const stopped = nextEvent(worker, "stopped");
      const closing = worker.close();
      states.push(worker.getState());
      await closing;
      await Promise.all([stopping, stopped]);
      states.push(worker.getState());
      assert.deepEqual(states, ["starting", "running", "stopping", "stopped"]);
      await assert.rejects(worker.start(), /cannot be restarted/);
      await queue.close();
    });

    test("Worker: a throwing processor fails the job with its message", async () => {
      const name = qname("f");
      const failed = new Promise<[Job, Error, string]>((resolve) => {
        const worker = new Worker(name, async () => {
          throw new Error("SMTP connection timeout");
        }, conn(server, mode.options));
        worker.on("failed", (job: Job, err: Error, id: string) => {
          void worker.close().then(() => resolve([job, err, id]));
        });
      });
      const pushed = await client.push(name, { x: 1 }, { max_attempts: 1 });
      const [job, err] = await failed;
      assert.equal(job.id, pushed.id);
      assert.equal(err.message, "SMTP connection timeout");
      await until(async () => (await client.getState(pushed.id)) === "failed");
      const dlq = await client.getDlq(name);
      assert.equal(dlq[0]?.id, pushed.id);
      assert.equal(dlq[0]?.progress_msg, "SMTP connection timeout");
    });

    test("Worker: graceful close waits for running jobs; drained; progress; hooks", async () => {
      const name = qname("g");
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const started = deferred<Job>();
      const hookLog: string[] = [];
      const worker: Worker = new Worker(name, async (job) => {
        await worker.updateProgress(job.id, 50, "half");
        started.resolve(job);
        await gate;
        return "finished";
      }, {
        ...conn(server, mode.options),
        workerHooks: {
          onProcess: (ctx) => void hookLog.push(`process:${ctx.workerId === worker.id}`),
          onProcessComplete: (ctx) => void hookLog.push(`complete:${ctx.result}`),
        },
      });
      const progress = nextEvent(worker, "progress");
      const pushed = await client.push(name, {});
      const job = await started.promise;
      assert.equal(job.id, pushed.id);
      const [pj, pv, pm] = await progress;
      assert.deepEqual([(pj as Job).id, pv, pm], [pushed.id, 50, "half"]);
      assert.equal(worker.getProcessingCount(), 1);
      const drained = nextEvent(worker, "drained");
      const stopping = nextEvent(worker, "stopping");
      let closed = false;
      const closing = worker.close().then(() => (closed = true));
      await stopping;
      assert.equal(worker.getState(), "stopping");
      assert.equal(closed, false, "close waits for the running job");
      release();
      await closing;
      await drained;
      assert.equal(await client.getState(pushed.id), "completed");
      assert.equal(await client.getResult(pushed.id), "finished");
      assert.deepEqual(hookLog, ["process:true", "complete:finished"]);
    });

    test("Worker: force close does not wait; waitForJobs; autoAck false", async () => {
      const name = qname("k");
      const seen = deferred<Job>();
      const worker = new Worker(name, async (job) => {
        seen.resolve(job);
        return "manual";
      }, { ...conn(server, mode.options), autoAck: false });
      const pushed = await client.push(name, {});
      await seen.promise;
      assert.equal(await worker.waitForJobs(5000), true);
      assert.equal(await client.getState(pushed.id), "active", "autoAck:false leaves the ack to the caller");
      await client.ack(pushed.id);
      await worker.close();
      const other = qname("k2");
      const blocked = new Worker(other, () => new Promise(() => {}), { ...conn(server, mode.options), concurrency: 1 });
      const started = nextEvent(blocked, "active");
      await client.push(other, {});
      await started;
      assert.equal(await blocked.waitForJobs(20), false);
      await blocked.close(true);
      assert.equal(blocked.getState(), "stopped");
    });

    test("Worker: closeTimeout bounds a graceful close; autostart alias; onProcessError", async () => {
      const name = qname("ct");
      const errors: string[] = [];
      const worker = new Worker(name, async (job) => {
        if ((job.data as { fail?: boolean }).fail) throw new Error("bad input");
        return new Promise(() => {}); // never settles
      }, {
        ...conn(server, mode.options),
        autostart: true,
        closeTimeout: 50,
        workerHooks: { onProcessError: (_ctx, e) => void errors.push(e.message) },
      });
      const failed = nextEvent(worker, "failed");
      await client.push(name, { fail: true }, { max_attempts: 1 });
      await failed;
      assert.deepEqual(errors, ["bad input"]);
      const active = nextEvent(worker, "active");
      await client.push(name, {});
      await active;
      let drained = false;
      worker.on("drained", () => (drained = true));
      await worker.close();
      assert.equal(worker.getState(), "stopped");
      assert.equal(drained, false, "the stuck job was abandoned after closeTimeout");
    });

    test("Worker: batch pulls of batchSize, several queues", async () => {
      const a = qname("ba");
      const b = qname("bb");
      const sizes: number[] = [];
      await client.pushBatch(a, Array.from({ length: 30 }, (_, i) => ({ data: i })));
      await client.pushBatch(b, Array.from({ length: 5 }, (_, i) => ({ data: i })));
      let count = 0;
      const all = deferred<void>();
      const worker = new Worker([a, b], () => {
        if (++count === 35) all.resolve();
      }, {
        ...conn(server, mode.options),
        concurrency: 4,
        batchSize: 8,
        hooks: { onBatchPullComplete: (ctx) => void sizes.push(ctx.jobs?.length ?? 0) },
      });
      await all.promise;
      await worker.close();
      assert.ok(sizes.every((s) => s <= 8), `pulls of at most batchSize: ${sizes}`);
      assert.ok(sizes.some((s) => s > 1), `batched pulls: ${sizes}`);
      assert.equal((await client.getJobCounts(a)).completed + (await client.getJobCounts(b)).completed, 35);
    });
  });
}
