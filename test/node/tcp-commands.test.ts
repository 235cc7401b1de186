/**
 * Every TCP command of PROTOCOL.md §4, over a real socket, once in JSON-lines mode
 * and once in MessagePack mode, against a real server (startServer).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { WireClient, type Mode } from "./tcp-wire-client.ts";

let server: RunningServer;
before(async () => {
  server = await startServer({ port: 0, httpPort: -1 });
});
after(async () => {
  await server.close();
});

for (const mode of ["json", "msgpack"] as Mode[]) {
  describe(`TCP ${mode} mode: every command`, () => {
    let c: WireClient;
    const q = `cmds-${mode}`;
    before(async () => {
      c = await WireClient.open(mode, server.tcpPort);
    });
    after(() => c.close());

    test("PING and AUTH (auth disabled) answer ok", async () => {
      assert.equal((await c.ok({ cmd: "PING" })).pong, true);
      await c.ok({ cmd: "AUTH", token: "anything" });
    });

    test("PUSH / PULL / ACK / GETRESULT / GETJOB / GETSTATE", async () => {
      const { id } = await c.ok({ cmd: "PUSH", queue: q, data: { n: 1 }, priority: 3, jobId: `custom-${mode}` });
      assert.equal(typeof id, "number");
      assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "waiting");
      const byCustom = await c.ok({ cmd: "GETJOBBYCUSTOMID", job_id: `custom-${mode}` });
      assert.equal((byCustom.job as { id: number }).id, id);
      const pulled = await c.ok({ cmd: "PULL", queue: q, timeout: 1000 });
      assert.deepEqual((pulled.job as { data: unknown }).data, { n: 1 });
      assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "active");
      await c.ok({ cmd: "ACK", id, result: { done: true } });
      assert.deepEqual((await c.ok({ cmd: "GETRESULT", id })).result, { done: true });
      const got = await c.ok({ cmd: "GETJOB", id });
      assert.equal(got.state, "completed");
      const unknown = await c.ok({ cmd: "GETJOB", id: 987654321 });
      assert.equal(unknown.job, null);
      assert.equal(unknown.state, "unknown");
    });

    test("PUSHB / PULLB / ACKB / GETJOBSBATCH / GETJOBS / GETJOBCOUNTS / COUNT", async () => {
      const { ids } = await c.ok({ cmd: "PUSHB", queue: q, jobs: [{ data: 1 }, { data: 2 }, { data: 3, priority: 9 }] });
      assert.equal((ids as number[]).length, 3);
      assert.equal((await c.ok({ cmd: "COUNT", queue: q })).count, 3);
      const counts = await c.ok({ cmd: "GETJOBCOUNTS", queue: q });
      assert.equal(counts.waiting, 3);
      // A duplicate unique_key (in the batch or already queued) names the original job, as PUSH does.
      const holder = await c.ok({ cmd: "PUSH", queue: q, data: "u", unique_key: `${q}-uk` });
      const single = await c.call({ cmd: "PUSH", queue: q, data: "u2", unique_key: `${q}-uk` });
      assert.deepEqual([single.code, single.jobId], ["DUPLICATE_JOB", holder.id]);
      const dup = await c.ok({ cmd: "PUSHB", queue: q, jobs: [{ data: "v", unique_key: `${q}-uk` }, { data: "w", unique_key: `${q}-uk2` }, { data: "x", unique_key: `${q}-uk2` }] });
      assert.equal((dup.ids as number[]).length, 1);
      const errs = dup.errors as { index: number; code: string; jobId: number }[];
      assert.deepEqual(errs.map((e) => [e.index, e.code, e.jobId]), [[0, "DUPLICATE_JOB", holder.id], [2, "DUPLICATE_JOB", (dup.ids as number[])[0]]]);
      await c.ok({ cmd: "CANCEL", id: holder.id });
      await c.ok({ cmd: "CANCEL", id: (dup.ids as number[])[0] });
      const batch = await c.ok({ cmd: "GETJOBSBATCH", ids });
      assert.equal((batch.jobs as unknown[]).length, 3);
      assert.equal((batch.jobs as { state: string }[])[0]!.state, "waiting");
      const list = await c.ok({ cmd: "GETJOBS", queue: q, state: "waiting", limit: 2 });
      assert.equal((list.jobs as unknown[]).length, 2);
      assert.equal(list.total, 3);
      const first = (list.jobs as { id: number; job: { id: number } }[])[0]!;
      assert.equal(first.job.id, first.id, "flattened fields plus a nested job copy");
      const pulled = await c.ok({ cmd: "PULLB", queue: q, count: 10, timeout: 1000 });
      const jobs = pulled.jobs as { id: number; data: number }[];
      assert.equal(jobs.length, 3);
      assert.equal(jobs[0]!.data, 3, "highest priority first");
      const acked = await c.ok({ cmd: "ACKB", ids: jobs.map((j) => j.id) });
      assert.deepEqual(acked.ids, [3]);
    });

    test("FAIL with retries, DLQ, RETRYDLQ, PURGEDLQ, DISCARD", async () => {
      const { id } = await c.ok({ cmd: "PUSH", queue: q, data: "f", max_attempts: 1 });
      await c.ok({ cmd: "PULL", queue: q, timeout: 1000 });
      await c.ok({ cmd: "FAIL", id, error: "boom" });
      assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "failed");
      const dlq = await c.ok({ cmd: "DLQ", queue: q });
      assert.deepEqual((dlq.jobs as { id: number }[]).map((j) => j.id), [id]);
      assert.deepEqual((await c.ok({ cmd: "RETRYDLQ", queue: q })).ids, [1]);
      assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "waiting");
      // RETRYDLQ of one job that is not in the DLQ (any more, or never): count 0, as flashQ.
      assert.deepEqual((await c.ok({ cmd: "RETRYDLQ", queue: q, id })).ids, [0]);
      assert.deepEqual((await c.ok({ cmd: "RETRYDLQ", queue: q, id: 987654321 })).ids, [0]);
      await c.ok({ cmd: "DISCARD", id });
      assert.deepEqual((await c.ok({ cmd: "RETRYDLQ", queue: q, id })).ids, [1]);
      await c.ok({ cmd: "DISCARD", id });
      assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "failed");
      assert.equal((await c.ok({ cmd: "PURGEDLQ", queue: q })).count, 1);
      const failActive = await c.call({ cmd: "FAIL", id: 987654321 });
      assert.equal(failActive.ok, false);
      assert.equal(failActive.code, "JOB_NOT_FOUND");
    });

    test("job management: PROGRESS, GETPROGRESS, LOG, GETLOGS, HEARTBEAT, PARTIAL, UPDATEJOB, CHANGEPRIORITY, MOVETODELAYED, PROMOTE, CANCEL", async () => {
      const { id } = await c.ok({ cmd: "PUSH", queue: q, data: "m" });
      await c.ok({ cmd: "UPDATEJOB", id, data: "m2" });
      await c.ok({ cmd: "CHANGEPRIORITY", id, priority: 5 });
      const pulled = await c.ok({ cmd: "PULL", queue: q, timeout: 1000 });
      assert.equal((pulled.job as { data: string; priority: number }).data, "m2");
      assert.equal((pulled.job as { priority: number }).priority, 5);
      await c.ok({ cmd: "PROGRESS", id, progress: 40, message: "step" });
      const p = await c.ok({ cmd: "GETPROGRESS", id });
      assert.deepEqual(p.progress, { id, progress: 40, message: "step" });
      await c.ok({ cmd: "LOG", job_id: id, message: "hello", level: "warn" });
      const logs = await c.ok({ cmd: "GETLOGS", job_id: id });
      assert.equal((logs.logs as { message: string }[])[0]!.message, "hello");
      await c.ok({ cmd: "HEARTBEAT", id });
      await c.ok({ cmd: "PARTIAL", id, data: { chunk: 1 }, index: 0 });
      await c.ok({ cmd: "MOVETODELAYED", id, delay: 60_000 });
      assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "delayed");
      await c.ok({ cmd: "PROMOTE", id });
      assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "waiting");
      await c.ok({ cmd: "CANCEL", id });
      assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "unknown");
    });

    test("WAITJOB answers when the job is acked (pipelined on the same connection)", async () => {
      const { id } = await c.ok({ cmd: "PUSH", queue: q, data: "w" });
      await c.ok({ cmd: "PULL", queue: q, timeout: 1000 });
      const waiting = c.call({ cmd: "WAITJOB", id, timeout: 10_000 });
      await c.ok({ cmd: "ACK", id, result: 42 });
      const r = await waiting;
      assert.equal(r.ok, true);
      assert.equal(r.result, 42);
    });

    test("FLOW and GETCHILDREN", async () => {
      const f = await c.ok({ cmd: "FLOW", queue: q, data: "parent", children: [{ queue: q, data: "c1" }, { queue: q, data: "c2" }] });
      assert.equal((f.children_ids as number[]).length, 2);
      const ch = await c.ok({ cmd: "GETCHILDREN", parent_id: f.parent_id });
      assert.deepEqual(ch.children_ids, f.children_ids);
      assert.equal(ch.total, 2);
      assert.equal((await c.ok({ cmd: "GETSTATE", id: f.parent_id })).state, "waiting-parent");
      await c.ok({ cmd: "OBLITERATE", queue: q });
    });

    test("queue control: PAUSE, ISPAUSED, RESUME, RATELIMIT(CLEAR), (CLEAR|SET)CONCURRENCY, LISTQUEUES, DRAIN, CLEAN, OBLITERATE", async () => {
      await c.ok({ cmd: "PAUSE", queue: q });
      assert.equal((await c.ok({ cmd: "ISPAUSED", queue: q })).paused, true);
      await c.ok({ cmd: "RESUME", queue: q });
      assert.equal((await c.ok({ cmd: "ISPAUSED", queue: q })).paused, false);
      await c.ok({ cmd: "RATELIMIT", queue: q, limit: 100 });
      await c.ok({ cmd: "SETCONCURRENCY", queue: q, limit: 2 });
      await c.ok({ cmd: "PUSH", queue: q, data: 1 });
      const queues = (await c.ok({ cmd: "LISTQUEUES" })).queues as { name: string; rate_limit: number | null; concurrency_limit: number | null }[];
      const mine = queues.find((x) => x.name === q)!;
      assert.equal(mine.rate_limit, 100);
      assert.equal(mine.concurrency_limit, 2);
      await c.ok({ cmd: "RATELIMITCLEAR", queue: q });
      await c.ok({ cmd: "CLEARCONCURRENCY", queue: q });
      assert.equal((await c.ok({ cmd: "DRAIN", queue: q })).count, 1);
      await c.ok({ cmd: "PUSH", queue: q, data: 2 });
      assert.equal((await c.ok({ cmd: "CLEAN", queue: q, grace: 0, state: "waiting" })).count, 1);
      const bad = await c.call({ cmd: "CLEAN", queue: q, grace: 0, state: "weird" });
      assert.equal(bad.ok, false);
      assert.equal(bad.field, "state");
      await c.ok({ cmd: "PUSH", queue: q, data: 3 });
      assert.equal((await c.ok({ cmd: "OBLITERATE", queue: q })).count, 1);
    });

    test("cron: CRON, CRONLIST, CRONDELETE", async () => {
      await c.ok({ cmd: "CRON", name: `cron-${mode}`, queue: q, data: { t: 1 }, repeat_every: 3_600_000 });
      const list = (await c.ok({ cmd: "CRONLIST" })).crons as { name: string; repeat_every: number }[];
      assert.equal(list.find((x) => x.name === `cron-${mode}`)?.repeat_every, 3_600_000);
      await c.ok({ cmd: "CRONDELETE", name: `cron-${mode}` });
      const again = await c.call({ cmd: "CRONDELETE", name: `cron-${mode}` });
      assert.equal(again.ok, false);
      assert.match(String(again.error), /Cron job not found/);
    });

    test("key-value: KVSET, KVGET, KVDEL, KVMSET, KVMGET, KVEXISTS, KVEXPIRE, KVTTL, KVKEYS, KVINCR", async () => {
      const k = `kv-${mode}`;
      await c.ok({ cmd: "KVSET", key: `${k}:a`, value: { x: 1 } });
      assert.deepEqual((await c.ok({ cmd: "KVGET", key: `${k}:a` })).value, { x: 1 });
      assert.equal((await c.ok({ cmd: "KVGET", key: `${k}:missing` })).value, null);
      assert.equal((await c.ok({ cmd: "KVMSET", entries: [{ key: `${k}:b`, value: 2 }, { key: `${k}:c`, value: 3, ttl: 60_000 }] })).count, 2);
      assert.deepEqual((await c.ok({ cmd: "KVMGET", keys: [`${k}:b`, `${k}:nope`, `${k}:c`] })).values, [2, null, 3]);
      assert.equal((await c.ok({ cmd: "KVTTL", key: `${k}:b` })).ttl, -1);
      assert.ok(((await c.ok({ cmd: "KVTTL", key: `${k}:c` })).ttl as number) > 0);
      assert.equal((await c.ok({ cmd: "KVTTL", key: `${k}:nope` })).ttl, -2);
      assert.equal((await c.ok({ cmd: "KVEXPIRE", key: `${k}:b`, ttl: 60_000 })).exists, true);
      assert.equal((await c.ok({ cmd: "KVEXISTS", key: `${k}:b` })).exists, true);
      assert.deepEqual(((await c.ok({ cmd: "KVKEYS", pattern: `${k}:?` })).keys as string[]).sort(), [`${k}:a`, `${k}:b`, `${k}:c`]);
      assert.equal((await c.ok({ cmd: "KVINCR", key: `${k}:n` })).value, 1);
      assert.equal((await c.ok({ cmd: "KVINCR", key: `${k}:n`, by: 5 })).value, 6);
      const notNum = await c.call({ cmd: "KVINCR", key: `${k}:a` });
      assert.match(String(notNum.error), /Value is not a number/);
      assert.equal((await c.ok({ cmd: "KVDEL", key: `${k}:a` })).exists, true);
      assert.equal((await c.ok({ cmd: "KVDEL", key: `${k}:a` })).exists, false);
      assert.match(String((await c.call({ cmd: "KVSET", key: "", value: 1 })).error), /Key cannot be empty/);
    });

    test("STATS, METRICS, SUBSCRIBE, UNSUBSCRIBE", async () => {
      const s = await c.ok({ cmd: "STATS" });
      for (const k of ["queued", "processing", "delayed", "dlq", "completed"]) assert.equal(typeof s[k], "number");
      const m = await c.ok({ cmd: "METRICS" });
      assert.equal(typeof (m.metrics as { total_pushed: number }).total_pushed, "number");
      await c.ok({ cmd: "SUBSCRIBE", queue: q, events: ["completed"] });
      await c.ok({ cmd: "UNSUBSCRIBE", queue: q });
    });
  });
}
