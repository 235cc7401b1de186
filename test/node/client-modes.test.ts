/**
 * The FlashQ client against the real server, in all three modes (TCP JSON, TCP
 * MessagePack, HTTP): every method group of the manual with its documented shapes.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BatchError,
  DuplicateJobError,
  FlashQ,
  FlashQError,
  JobNotFoundError,
  ValidationError,
  type ClientHooks,
} from "../../client/index.ts";
import { MODES, conn, qname, start, type RunningServer } from "./client-helpers.ts";

for (const mode of MODES) {
  describe(`FlashQ client — ${mode.name}`, { timeout: 60000 }, () => {
    let server: RunningServer;
    let client: FlashQ;
    before(async () => {
      server = await start();
      client = new FlashQ(conn(server, mode.options));
      await client.connect();
    });
    after(async () => {
      await client?.close();
      await server?.close();
    });

    test("push, pull, ack, result, state", async () => {
      const q = qname();
      const job = await client.push(q, { to: "a@b.c" }, { priority: 10, max_attempts: 3, jobId: `c-${q}` });
      assert.equal(typeof job.id, "number");
      assert.equal(job.queue, q);
      assert.deepEqual(job.data, { to: "a@b.c" });
      assert.equal(await client.getState(job.id), "waiting");
      const pulled = await client.pull<{ to: string }>(q, 1000);
      assert.equal(pulled?.id, job.id);
      assert.equal(pulled?.data.to, "a@b.c");
      assert.equal(await client.getState(job.id), "active");
      await client.ack(job.id, { sent: true });
      assert.equal(await client.getState(job.id), "completed");
      assert.deepEqual(await client.getResult(job.id), { sent: true });
      const byCustom = await client.getJobByCustomId(`c-${q}`);
      assert.equal(byCustom?.job.id, job.id);
      assert.equal(await client.pull(q, 50), null);
    });

    test("batch push, batch pull, batch ack", async () => {
      const q = qname();
      const ids = await client.pushBatch(q, [{ data: 1 }, { data: 2, priority: 5 }, { data: 3 }]);
      assert.equal(ids.length, 3);
      const safe = await client.pushBatchSafe(q, [{ data: 4 }]);
      assert.equal(safe.allSucceeded, true);
      assert.equal(safe.ids.length, 1);
      const jobs = await client.pullBatch(q, 10, 1000);
      assert.equal(jobs.length, 4);
      assert.equal(jobs[0]!.data, 2, "priority first");
      assert.equal(await client.ackBatch(jobs.map((j) => j.id)), 4);
      assert.equal((await client.getJobCounts(q)).completed, 4);
    });

    test("fail retries, then moves to the DLQ; retryDlq and purgeDlq", async () => {
      const q = qname();
      const job = await client.push(q, { x: 1 }, { max_attempts: 1 });
      const pulled = await client.pull(q, 1000);
      await client.fail(pulled!.id, "SMTP timeout");
      assert.equal(await client.getState(job.id), "failed");
      const dlq = await client.getDlq(q, 10);
      assert.deepEqual(dlq.map((j) => j.id), [job.id]);
      assert.equal(await client.retryDlq(q), 1);
      assert.equal(await client.getState(job.id), "waiting");
      await client.pull(q, 1000);
      await client.discard(job.id);
      assert.equal(await client.purgeDlq(q), 1);
      assert.equal(await client.getState(job.id), null);
    });

    test("job queries: getJob, getJobs, getJobsBatch, counts, count", async () => {
      const q = qname();
      const a = await client.push(q, { n: 1 });
      const b = await client.push(q, { n: 2 }, { delay: 60000 });
      const got = await client.getJob(a.id);
      assert.equal(got?.job.id, a.id);
      assert.equal(got?.state, "waiting");
      assert.equal(await client.getJob(99999999), null);
      const list = await client.getJobs({ queue: q, limit: 10 });
      assert.equal(list.total, 2);
      assert.deepEqual(new Set(list.jobs.map((j) => j.job.id)), new Set([a.id, b.id]));
      const batch = await client.getJobsBatch([a.id, b.id]);
      assert.deepEqual(batch.map((x) => x.state).sort(), ["delayed", "waiting"]);
      const counts = await client.getJobCounts(q);
      assert.equal(counts.waiting, 1);
      assert.equal(counts.delayed, 1);
      assert.equal(await client.count(q), 2);
    });

    test("job management: progress, update, priority, delay, promote, cancel, logs, heartbeat", async () => {
      const q = qname();
      const job = await client.push(q, { v: 1 });
      await client.update(job.id, { v: 2 });
      await client.changePriority(job.id, 100);
      const active = await client.pull<{ v: number }>(q, 1000);
      assert.equal(active?.data.v, 2);
      assert.equal(active?.priority, 100);
      await client.progress(job.id, 50, "half");
      assert.deepEqual(await client.getProgress(job.id), { progress: 50, message: "half" });
      await client.heartbeat(job.id);
      await client.log(job.id, "Starting", "info");
      await client.log(job.id, "careful", "warn");
      const logs = await client.getLogs(job.id);
      assert.deepEqual(logs.map((l) => [l.level, l.message]), [["info", "Starting"], ["warn", "careful"]]);
      await client.moveToDelayed(job.id, 60000);
      assert.equal(await client.getState(job.id), "delayed");
      await client.promote(job.id);
      assert.equal(await client.getState(job.id), "waiting");
      await client.cancel(job.id);
      assert.equal(await client.getState(job.id), null);
    });

    test("finished waits for the result", async () => {
      const q = qname();
      const job = await client.push(q, { n: 1 });
      const waiting = client.finished(job.id, 5000);
      const other = new FlashQ(conn(server, mode.options));
      const pulled = await other.pull(q, 1000);
      await other.ack(pulled!.id, { ok: 1 });
      assert.deepEqual(await waiting, { ok: 1 });
      await other.close();
    });

    test("queue management: pause, resume, isPaused, drain, clean, obliterate, listQueues", async () => {
      const q = qname();
      await client.pushBatch(q, [{ data: 1 }, { data: 2 }]);
      await client.pause(q);
      assert.equal(await client.isPaused(q), true);
      assert.equal(await client.pull(q, 50), null, "paused queue gives nothing");
      await client.resume(q);
      assert.equal(await client.isPaused(q), false);
      const info = (await client.listQueues()).find((x) => x.name === q);
      assert.equal(info?.pending, 2);
      assert.equal(await client.drain(q), 2);
      await client.push(q, { old: true });
      assert.equal(await client.clean(q, 0, "waiting", 100), 1);
      await client.push(q, { x: 1 });
      await client.obliterate(q);
      assert.equal(await client.count(q), 0);
    });

    test("rate and concurrency limits", async () => {
      const q = qname();
      await client.setRateLimit(q, 100);
      await client.clearRateLimit(q);
      await client.setConcurrency(q, 1);
      await client.pushBatch(q, [{ data: 1 }, { data: 2 }]);
      const first = await client.pull(q, 1000);
      assert.ok(first);
      assert.equal(await client.pull(q, 50), null, "concurrency 1 holds the second job");
      await client.ack(first.id);
      await client.clearConcurrency(q);
      assert.ok(await client.pull(q, 1000));
    });

    test("cron: add, list, delete", async () => {
      const q = qname();
      await client.addCron(`daily-${q}`, { queue: q, data: { t: 1 }, schedule: "0 0 9 * * *", priority: 10 });
      await client.addCron(`every-${q}`, { queue: q, data: {}, repeat_every: 60000, limit: 1000 });
      const crons = (await client.listCrons()).filter((c) => c.queue === q);
      assert.equal(crons.length, 2);
      assert.ok(crons.every((c) => typeof c.next_run === "number"));
      assert.equal(await client.deleteCron(`daily-${q}`), true);
      assert.equal(await client.deleteCron(`daily-${q}`), false);
      assert.equal(await client.deleteCron(`every-${q}`), true);
    });

    test("flows: pushFlow, getChildren, parent completes after children", async () => {
      const q = qname();
      const flow = await client.pushFlow(q, { type: "aggregate" }, [
        { queue: `${q}-c`, data: { i: 1 } },
        { queue: `${q}-c`, data: { i: 2 } },
      ], { priority: 10 });
      assert.equal(flow.children_ids.length, 2);
      assert.deepEqual((await client.getChildren(flow.parent_id)).sort(), flow.children_ids.slice().sort());
      for (const job of await client.pullBatch(`${q}-c`, 2, 1000)) await client.ack(job.id);
      const parent = await client.pull(q, 2000);
      assert.equal(parent?.id, flow.parent_id);
      await client.ack(parent!.id, "all done");
      assert.equal(await client.finished(flow.parent_id, 1000), "all done");
    });

    test("large payloads and many jobs per reply survive framing", async () => {
      const q = qname("big");
      const big = { blob: "x".repeat(3 * 1024 * 1024), list: Array.from({ length: 1000 }, (_, i) => ({ i, s: "é" })) };
      const job = await client.push(q, big);
      assert.deepEqual((await client.getJob(job.id))?.job.data, big);
      await client.pushBatch(q, Array.from({ length: 1000 }, (_, i) => ({ data: { i, text: "y".repeat(200) } })));
      const pulled = await client.pullBatch<{ i: number }>(q, 1000, 1000);
      assert.equal(pulled.length, 1000);
      assert.deepEqual(pulled.slice(1).map((j) => (j.data as { i: number }).i), Array.from({ length: 999 }, (_, i) => i));
    });

    // TCP framing (HTTP has one reply per response and no frames to split).
    if (!mode.options.useHttp) test("thousands of pipelined replies split across reads stay matched to their requests", async () => {
      const q = qname("pipe");
      const pushes = Array.from({ length: 3000 }, (_, i) => client.push(q, { i, s: "k".repeat(i % 50) }));
      const jobs = await Promise.all(pushes);
      // One connection: the server numbers them in request order.
      for (let i = 1; i < jobs.length; i++) assert.ok(jobs[i]!.id > jobs[i - 1]!.id, "ids follow the request order");
      // Replies of ~1.5 KB in bursts of megabytes: frames straddle every read boundary.
      const ids = await client.pushBatch(q, Array.from({ length: 1000 }, (_, i) => ({ data: { i, pad: String(i).repeat(300).slice(0, 1500) } })));
      const got = await Promise.all(ids.map((id) => client.getJob(id)));
      got.forEach((r, i) => assert.deepEqual(r?.job.data, { i, pad: String(i).repeat(300).slice(0, 1500) }));
    });

    test("stats, metrics, ping", async () => {
      const stats = await client.stats();
      assert.equal(typeof stats.queued, "number");
      assert.equal(typeof stats.processing, "number");
      const metrics = await client.metrics();
      assert.equal(typeof metrics.total_pushed, "number");
      assert.ok(Array.isArray(metrics.queues));
      assert.equal(await client.ping(), true);
    });

    test("typed errors come from the server's structured codes", async () => {
      await assert.rejects(client.ack(987654321), (e: unknown) => e instanceof FlashQError && !e.retryable);
      await assert.rejects(client.cancel(987654321), JobNotFoundError);
      await assert.rejects(client.push("bad/name", 1), (e: unknown) => e instanceof ValidationError && e.field === "queue");
      await assert.rejects(client.clean(qname(), 0, "bogus" as never), ValidationError);
      const q = qname();
      await client.push(q, 1, { unique_key: "k" });
      await assert.rejects(client.push(q, 2, { unique_key: "k" }), DuplicateJobError);
      await assert.rejects(client.pushBatch(q, [{ data: 1, unique_key: "k" }, { data: 2 }]), (e: unknown) => {
        return e instanceof BatchError && e.successCount === 1 && e.failureCount === 1 && e.failed[0]!.index === 0;
      });
      const safe = await client.pushBatchSafe(q, [{ data: 3 }, { data: 4, unique_key: "k" }]);
      assert.equal(safe.allSucceeded, false);
      assert.deepEqual(safe.failed.map((f) => f.index), [1]);
    });

    test("hooks see push, pull, ack, fail and batches", async () => {
      const seen: string[] = [];
      const hooks: ClientHooks = {
        onPush: (ctx) => void seen.push(`push:${ctx.queue}`),
        onPushComplete: (ctx) => void seen.push(`pushed:${ctx.job?.id !== undefined}`),
        onPull: () => void seen.push("pull"),
        onPullComplete: (ctx) => void seen.push(`pulled:${ctx.job?.id !== undefined}`),
        onAck: (ctx) => void seen.push(`ack:${typeof ctx.jobId}`),
        onAckComplete: () => void seen.push("acked"),
        onFail: () => void seen.push("fail"),
        onFailError: (_ctx, e) => void seen.push(`failError:${e.code}`),
        onBatchPush: (ctx) => void seen.push(`batch:${ctx.count}`),
        onBatchPushComplete: (ctx) => void seen.push(`batched:${ctx.ids?.length}`),
        onBatchPull: () => void seen.push("bpull"),
        onBatchPullComplete: (ctx) => void seen.push(`bpulled:${ctx.jobs?.length}`),
        onConnection: (ctx) => void seen.push(`conn:${ctx.event}`),
      };
      const c = new FlashQ({ ...conn(server, mode.options), hooks });
      const q = qname();
      await c.push(q, 1);
      const j = await c.pull(q, 1000);
      await c.ack(j!.id);
      await assert.rejects(c.fail(j!.id, "x"));
      await c.pushBatch(q, [{ data: 1 }, { data: 2 }]);
      await c.pullBatch(q, 5, 1000);
      await c.close();
      assert.deepEqual(seen, [
        `push:${q}`, "conn:connect", "pushed:true", "pull", "pulled:true", "ack:number", "acked",
        "fail", "failError:INVALID_STATE", "batch:2", "batched:2", "bpull", "bpulled:2",
      ]);
    });

    test("auth with tokens", async () => {
      const secured = await start({ authTokens: ["s3cret"] });
      try {
        const good = new FlashQ({ ...conn(secured, mode.options), token: "s3cret" });
        const q = qname();
        assert.equal(typeof (await good.push(q, 1)).id, "number");
        await good.close();
        const late = new FlashQ(conn(secured, mode.options));
        await late.connect();
        await late.auth("s3cret");
        assert.equal(await late.count(q), 1);
        await late.close();
        const bad = new FlashQ({ ...conn(secured, mode.options), token: "wrong" });
        await assert.rejects(bad.push(q, 1), (e: unknown) => e instanceof FlashQError && e.code === "AUTH_FAILED");
        await bad.close();
      } finally {
        await secured.close();
      }
    });
  });
}
