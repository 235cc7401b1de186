/**
 * The REST API through `app.request()` (no socket), on a real engine with a manual
 * clock: flashQ's routes, its SDK's aliases, the `{ok, data}` envelope, 4xx errors
 * that name the field, and bearer-token auth. Runs under Node, Bun and Deno.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createEngine, ManualClock } from "../../core/index.ts";
import type { EngineApi } from "../../core/engine-api.ts";
import { createApp } from "../../adapters/http/app.ts";

type Body = { ok: boolean; data?: any; error?: string; code?: string; field?: string; [k: string]: unknown };

let engine: EngineApi;
let app: ReturnType<typeof createApp>;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Body }> {
  const init: RequestInit = { method, headers: { "Content-Type": "application/json", ...headers } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await app.request(path, init);
  return { status: res.status, body: (await res.json()) as Body };
}

async function data(method: string, path: string, body?: unknown): Promise<any> {
  const r = await call(method, path, body);
  assert.equal(r.body.ok, true, `${method} ${path}: ${JSON.stringify(r.body)}`);
  assert.equal(r.status, 200);
  return r.body.data;
}

before(async () => {
  engine = createEngine({ clock: new ManualClock(1_000_000) });
  await engine.start();
  app = createApp({ engine, runtime: "test" });
});
after(async () => {
  await engine.stop();
});

describe("HTTP REST: jobs", () => {
  test("push, pull, ack, result, job and state", async () => {
    const job = await data("POST", "/queues/h1/jobs", { data: { n: 1 }, priority: 2, jobId: "http-custom" });
    assert.equal(job.queue, "h1");
    assert.equal(job.custom_id, "http-custom");
    const byCustom = await data("GET", "/jobs/custom/http-custom");
    assert.equal(byCustom.job.id, job.id);
    assert.equal((await data("GET", `/jobs/${job.id}/state`)).state, "waiting");
    const pulled = await data("GET", "/queues/h1/jobs?count=1&timeout=0");
    assert.equal(pulled[0].id, job.id);
    await data("POST", `/jobs/${job.id}/ack`, { result: "done" });
    assert.equal(await data("GET", `/jobs/${job.id}/result`), "done");
    const full = await data("GET", `/jobs/${job.id}`);
    assert.equal(full.state, "completed");
    assert.equal(full.id, job.id, "flattened fields");
    assert.equal(full.job.id, job.id, "and the nested job the SDK reads");
    assert.equal(full.result, "done");
  });

  test("batch push (SDK path), batch ack, jobs list, jobs batch", async () => {
    const ids = await data("POST", "/queues/h2/jobs/batch", { jobs: [{ data: 1 }, { data: 2 }, { data: 3 }] });
    assert.equal(ids.length, 3);
    // A duplicate unique_key names the job holding it (an idempotent retry learns the id).
    const held = await data("POST", "/queues/h2-dup/jobs", { data: 0, unique_key: "k" });
    const dup = await call("POST", "/queues/h2-dup/jobs/batch", { jobs: [{ data: 1 }, { data: 2, unique_key: "k" }] });
    assert.equal(dup.status, 200);
    assert.equal(dup.body.data.length, 1);
    assert.deepEqual(dup.body.errors, [{ index: 1, error: `Duplicate job with key: k (job ${held.id})`, code: "DUPLICATE_JOB", jobId: held.id }]);
    const list = await data("GET", "/jobs?queue=h2&state=waiting&limit=2");
    assert.equal(list.jobs.length, 2);
    assert.equal(list.total, 3);
    const batch = await data("POST", "/jobs/batch", { ids });
    assert.equal(batch.length, 3);
    const pulled = await data("GET", "/queues/h2/jobs?count=3&timeout=0");
    assert.equal(pulled.length, 3);
    const r = await call("POST", "/jobs/ack/batch", { ids });
    assert.equal(r.body.data, 3);
    assert.deepEqual(r.body.ids, [3]);
  });

  test("fail to DLQ, dlq list, retry one and all, purge", async () => {
    const job = await data("POST", "/queues/h3/jobs", { data: "x", max_attempts: 1 });
    await data("GET", "/queues/h3/jobs?timeout=0");
    await data("POST", `/jobs/${job.id}/fail`, { error: "bad" });
    const dlq = await data("GET", "/queues/h3/dlq");
    assert.deepEqual(dlq.map((j: { id: number }) => j.id), [job.id]);
    assert.equal(await data("POST", `/queues/h3/dlq/${job.id}/retry`), 1);
    // Not in the DLQ (any more, or never): a count of 0, not an error (flashQ).
    const again = await call("POST", `/queues/h3/dlq/${job.id}/retry`);
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.data, again.body.count], [0, 0]);
    assert.equal(await data("POST", "/queues/h3/dlq/987654/retry"), 0);
    assert.equal(await data("POST", "/queues/h3/dlq/retry", { job_id: job.id }), 0);
    await data("GET", "/queues/h3/jobs?timeout=0");
    await data("POST", `/jobs/${job.id}/fail`, { error: "again" });
    assert.equal(await data("POST", "/queues/h3/dlq/retry", {}), 1);
    await data("POST", `/jobs/${job.id}/discard`);
    const purged = await call("DELETE", "/queues/h3/dlq");
    assert.equal(purged.body.data, 1);
    assert.equal(purged.body.count, 1);
  });

  test("management: progress, logs, heartbeat, priority, delay, promote, update, cancel, wait", async () => {
    const job = await data("POST", "/queues/h4/jobs", { data: "m" });
    await data("PATCH", `/jobs/${job.id}`, { data: "m2" });
    await data("POST", `/jobs/${job.id}/priority`, { priority: 7 });
    const [active] = await data("GET", "/queues/h4/jobs?timeout=0");
    assert.equal(active.data, "m2");
    assert.equal(active.priority, 7);
    await data("POST", `/jobs/${job.id}/progress`, { progress: 30, message: "a third" });
    assert.deepEqual((await data("GET", `/jobs/${job.id}/progress`)).progress, { id: job.id, progress: 30, message: "a third" });
    await data("POST", `/jobs/${job.id}/logs`, { message: "line", level: "info" });
    assert.equal((await data("GET", `/jobs/${job.id}/logs`))[0].message, "line");
    await data("POST", `/jobs/${job.id}/heartbeat`);
    await data("POST", `/jobs/${job.id}/delay`, { delay: 5000 });
    assert.equal((await data("GET", `/jobs/${job.id}/state`)).state, "delayed");
    await data("POST", `/jobs/${job.id}/promote`);
    await data("GET", "/queues/h4/jobs?timeout=0");
    await data("POST", `/jobs/${job.id}/move-to-delayed`, { delay: 5000 });
    await data("POST", `/jobs/${job.id}/cancel`);
    assert.equal((await data("GET", `/jobs/${job.id}/state`)).state, "unknown");

    const w = await data("POST", "/queues/h4/jobs", { data: "w" });
    await data("GET", "/queues/h4/jobs?timeout=0");
    const waiting = data("GET", `/jobs/${w.id}/wait?timeout=60000`);
    await data("POST", `/jobs/${w.id}/ack`, { result: 9 });
    assert.equal(await waiting, 9);
  });

  test("an aborted blocking pull is released and does not take a later job", async () => {
    const ac = new AbortController();
    const pending = app.request(new Request("http://local/queues/h9/jobs?timeout=60000", { signal: ac.signal }));
    await Promise.resolve();
    ac.abort();
    await Promise.resolve(pending).catch(() => undefined);
    const job = engine.push("h9", { data: "later" });
    const pulled = await data("GET", "/queues/h9/jobs?timeout=0");
    assert.deepEqual(pulled.map((j: { id: number }) => j.id), [job.id]);
  });

  test("flows and children", async () => {
    const f = await data("POST", "/flows", { queue: "h5", parent_data: "p", children: [{ queue: "h5", data: 1 }] });
    assert.equal(f.children_ids.length, 1);
    const ch = await data("GET", `/jobs/${f.parent_id}/children`);
    assert.deepEqual(ch.children_ids, f.children_ids);
  });
});

describe("HTTP REST: queues, cron, stats", () => {
  test("pause/resume/paused, limits (both spellings), counts, count, list", async () => {
    await data("POST", "/queues/h6/jobs", { data: 1 });
    await data("POST", "/queues/h6/pause");
    assert.deepEqual(await data("GET", "/queues/h6/paused"), { paused: true });
    await data("POST", "/queues/h6/resume");
    await data("POST", "/queues/h6/rate-limit", { limit: 10 });
    await data("POST", "/queues/h6/ratelimit", { limit: 20 });
    await data("POST", "/queues/h6/concurrency", { limit: 3 });
    const q = (await data("GET", "/queues")).find((x: { name: string }) => x.name === "h6");
    assert.equal(q.rate_limit, 20);
    assert.equal(q.concurrency_limit, 3);
    await data("DELETE", "/queues/h6/ratelimit");
    await data("DELETE", "/queues/h6/rate-limit");
    await data("DELETE", "/queues/h6/concurrency");
    assert.equal((await data("GET", "/queues/h6/counts")).waiting, 1);
    assert.equal(await data("GET", "/queues/h6/count"), 1);
  });

  test("drain, clean, obliterate return counts (in data and top-level count)", async () => {
    await data("POST", "/queues/h7/jobs", { data: 1 });
    const drained = await call("POST", "/queues/h7/drain");
    assert.equal(drained.body.data, 1);
    assert.equal(drained.body.count, 1);
    await data("POST", "/queues/h7/jobs", { data: 2 });
    assert.equal(await data("POST", "/queues/h7/clean", { grace: 0, state: "waiting" }), 1);
    await data("POST", "/queues/h7/jobs", { data: 3 });
    assert.equal(await data("DELETE", "/queues/h7/obliterate"), 1);
  });

  test("crons: PUT (SDK) and POST (flashQ), list, delete", async () => {
    await data("PUT", "/crons/c1", { queue: "h8", data: 1, repeat_every: 60000 });
    await data("POST", "/crons/c2", { queue: "h8", data: 2, schedule: "0 * * * * *" });
    const names = (await data("GET", "/crons")).map((c: { name: string }) => c.name);
    assert.ok(names.includes("c1") && names.includes("c2"));
    assert.equal(await data("DELETE", "/crons/c1"), true);
    assert.equal(await data("DELETE", "/crons/c1"), false);
    await data("DELETE", "/crons/c2");
  });

  test("stats, metrics (plain and nested), health, prometheus", async () => {
    const s = await data("GET", "/stats");
    assert.equal(typeof s.queued, "number");
    const m = await data("GET", "/metrics");
    assert.equal(typeof m.total_pushed, "number");
    assert.equal(m.metrics.total_pushed, m.total_pushed);
    assert.equal((await data("GET", "/health")).status, "healthy");
    const res = await app.request("/metrics/prometheus");
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /flashq_jobs_pushed_total \d+/);
    assert.match(text, /flashq_queue_jobs\{queue="h6",state="waiting"\} 1/);
  });
});

describe("HTTP REST: admin routes", () => {
  test("workers heartbeat and list; system metrics; clear-dlq, clear-completed, clear-queues, reset", async () => {
    await data("POST", "/workers/w1/heartbeat", { queues: ["a1"], concurrency: 4, jobs_processed: 7 });
    const workers = await data("GET", "/workers");
    assert.deepEqual(workers.map((w: { id: string; concurrency: number }) => [w.id, w.concurrency]), [["w1", 4]]);
    assert.equal(typeof (await data("GET", "/system/metrics")).uptime_seconds, "number");
    const dead = await data("POST", "/queues/a1/jobs", { data: 1, max_attempts: 1 });
    await data("GET", "/queues/a1/jobs?timeout=0");
    await data("POST", `/jobs/${dead.id}/fail`, { error: "x" });
    assert.equal(await data("POST", "/server/clear-dlq"), 1);
    await data("POST", "/queues/a1/jobs", { data: 2 });
    assert.ok((await data("POST", "/server/clear-queues")) >= 1);
    await data("POST", "/queues/a1/jobs", { data: 3 });
    await data("PUT", "/crons/a1-cron", { queue: "a1", data: 1, repeat_every: 60000 });
    const reset = await call("POST", "/server/reset");
    assert.ok((reset.body.count as number) >= 1);
    assert.deepEqual(await data("GET", "/crons"), []);
    assert.equal(await data("GET", "/queues/a1/count"), 0);
    assert.equal(typeof (await data("POST", "/server/clear-completed")), "number");
  });
});

describe("HTTP REST: errors", () => {
  test("validation errors are 400 JSON naming the field", async () => {
    const bad = await call("POST", "/queues/e1/jobs", { data: 1, priority: "high" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.ok, false);
    assert.equal(bad.body.code, "VALIDATION_ERROR");
    assert.equal(bad.body.field, "priority");
    const badBatch = await call("POST", "/queues/e1/jobs/batch", { jobs: [{ data: 1 }, { data: 1, tags: "x" }] });
    assert.equal(badBatch.body.field, "jobs.1.tags");
    const noJobs = await call("POST", "/queues/e1/jobs/batch", {});
    assert.equal(noJobs.body.field, "jobs");
    const badJson = await call("POST", "/queues/e1/jobs", "{nope");
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.field, "body");
    const badId = await call("GET", "/jobs/abc");
    assert.equal(badId.status, 400);
    assert.equal(badId.body.field, "id");
    const badQueue = await call("POST", "/queues/bad%20name/jobs", { data: 1 });
    assert.equal(badQueue.status, 400);
    const badRate = await call("POST", "/queues/e1/ratelimit", { limit: "fast" });
    assert.equal(badRate.body.field, "limit");
    // Sizes are 413 (as the edge producer answers), counts and shapes 400.
    const tooBig = await call("POST", "/queues/e1/jobs", { data: "x".repeat(10 * 1024 * 1024 + 1) });
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.code, "VALIDATION_ERROR");
    assert.equal(tooBig.body.field, "data");
    assert.match(String(tooBig.body.error), /Job data too large/);
    const { id } = await data("POST", "/queues/e1/jobs", { data: 1 });
    const bigUpdate = await call("PATCH", `/jobs/${id}`, { data: "x".repeat(10 * 1024 * 1024 + 1) });
    assert.equal(bigUpdate.status, 413);
    const bigItem = await call("POST", "/queues/e1/jobs/batch", { jobs: [{ data: 1 }, { data: "x".repeat(10 * 1024 * 1024 + 1) }] });
    assert.equal(bigItem.status, 413);
    assert.equal(bigItem.body.field, "jobs.1.data");
    const many = await call("POST", "/queues/e1/jobs/batch", { jobs: Array.from({ length: 1001 }, () => ({ data: 0 })) });
    assert.equal(many.status, 400);
    assert.equal(many.body.field, "jobs");
    assert.match(String(many.body.error), /max 1000/);
    assert.equal(engine.count("e1"), 1, "nothing of a refused batch was pushed");
    const hugeBody = await call("POST", "/queues/e1/jobs", { data: "x".repeat(17 * 1024 * 1024) });
    assert.equal(hugeBody.status, 413);
    assert.equal(hugeBody.body.field, "body");
  });

  test("application errors map to fitting statuses", async () => {
    const missing = await call("POST", "/jobs/99999999/ack", {});
    assert.equal(missing.body.ok, false);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, "JOB_NOT_FOUND");
    const unknownRoute = await call("GET", "/nope");
    assert.equal(unknownRoute.status, 404);
    assert.equal(unknownRoute.body.ok, false);
    await data("POST", "/queues/e2/jobs", { data: 1, unique_key: "u" });
    const dup = await call("POST", "/queues/e2/jobs", { data: 1, unique_key: "u" });
    assert.equal(dup.status, 409);
    assert.match(String(dup.body.error), /[Dd]uplicate/);
  });
});

describe("HTTP REST: bearer-token auth", () => {
  let secured: ReturnType<typeof createApp>;
  before(() => {
    secured = createApp({ engine, runtime: "test", authTokens: ["tok"] });
  });

  test("REST routes refuse a missing or wrong token with 401 and accept the right one", async () => {
    const none = await secured.request("/stats");
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as Body).code, "AUTH_FAILED");
    const wrong = await secured.request("/queues/a/jobs", {
      method: "POST", body: "{}", headers: { Authorization: "Bearer nope" },
    });
    assert.equal(wrong.status, 401);
    const right = await secured.request("/stats", { headers: { Authorization: "Bearer tok" } });
    assert.equal(right.status, 200);
    assert.equal(((await right.json()) as Body).ok, true);
  });

  test("health stays open; SSE needs the token (header or ?token=)", async () => {
    assert.equal((await secured.request("/health")).status, 200);
    assert.equal((await secured.request("/events")).status, 401);
    assert.equal((await secured.request("/events?token=bad")).status, 401);
    const ok = await secured.request("/events?token=tok");
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  });
});
