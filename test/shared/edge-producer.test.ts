/**
 * The edge producer's HTTP surface through `app.request()` (no socket), with the
 * in-memory sink: routes, validation, limits, auth, CORS, idempotency, error mapping.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createProducer } from "../../edge/producer.ts";
import { readConfig } from "../../edge/config.ts";
import { memorySink } from "../../edge/sinks/memory-sink.ts";
import type { Sink } from "../../edge/sink.ts";
import { FlashQError } from "../../core/errors.ts";
import { MAX_JOB_DATA_SIZE } from "../../core/validation.ts";

function producer(env: Record<string, string> = {}, sink: Sink = memorySink()) {
  const config = readConfig({ SINK: "http", UPSTREAM_URL: "http://127.0.0.1:1", ...env });
  return { app: createProducer("test", () => sink, config), sink };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): RequestInit & { method: string } {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

async function json(res: Response): Promise<any> {
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  return res.json();
}

describe("edge producer: push", () => {
  test("single push returns the job id and hands the normalised input to the sink", async () => {
    const sink = memorySink(100);
    const { app } = producer({}, sink);
    const res = await app.request("/queues/emails/jobs", post("", { data: { to: "a@b" }, priority: 5, jobId: "order-1", keepCompletedAge: 1000 }));
    assert.equal(res.status, 200);
    assert.deepEqual(await json(res), { ok: true, data: { id: 100 } });
    assert.deepEqual(sink.jobs, [{ id: 100, queue: "emails", input: { data: { to: "a@b" }, priority: 5, job_id: "order-1", keep_completed_age: 1000 } }]);
  });

  test("batch push returns ids in order", async () => {
    const { app, sink } = producer();
    const res = await app.request("/queues/q.1/jobs/batch", post("", { jobs: [{ data: 1 }, { data: 2, delay: 50 }, { data: null, jobId: null }] }));
    assert.equal(res.status, 200);
    assert.deepEqual(await json(res), { ok: true, data: [1, 2, 3], ids: [1, 2, 3] });
    assert.deepEqual(
      (sink as ReturnType<typeof memorySink>).jobs.map((j) => j.input),
      [{ data: 1 }, { data: 2, delay: 50 }, { data: null }],
    );
  });

  test("a repeated job_id or unique_key returns the original id", async () => {
    const { app } = producer();
    const first = await json(await app.request("/queues/q/jobs", post("", { data: 1, job_id: "k1" })));
    const again = await json(await app.request("/queues/q/jobs", post("", { data: 1, job_id: "k1" })));
    assert.equal(again.data.id, first.data.id);
    const u1 = await json(await app.request("/queues/q/jobs", post("", { data: 1, unique_key: "u" })));
    const batch = await json(await app.request("/queues/q/jobs/batch", post("", { jobs: [{ data: 2, unique_key: "u" }, { data: 3, jobId: "k1" }] })));
    assert.deepEqual(batch.data, [u1.data.id, first.data.id]);
  });
});

describe("edge producer: validation and limits", () => {
  const cases: Array<[string, string, unknown, string]> = [
    ["malformed JSON", "/queues/q/jobs", "{not json", "body"],
    ["an array body", "/queues/q/jobs", [1, 2], "body"],
    ["a wrongly typed option", "/queues/q/jobs", { data: 1, priority: "high" }, "priority"],
    ["a negative delay", "/queues/q/jobs", { data: 1, delay: -5 }, "delay"],
    ["a string body", "/queues/q/jobs", '"text"', "body"],
    ["a bad backoff", "/queues/q/jobs", { data: 1, backoff: { type: "linear", delay: 1 } }, "backoff"],
    ["a bad queue name", "/queues/bad%20name/jobs", { data: 1 }, "queue"],
    ["a batch without jobs", "/queues/q/jobs/batch", { data: 1 }, "jobs"],
    ["a bad job in a batch", "/queues/q/jobs/batch", { jobs: [{ data: 1 }, { data: 2, ttl: "x" }] }, "jobs.1.ttl"],
    ["a batch whose jobs is not an array", "/queues/q/jobs/batch", { jobs: { data: 1 } }, "jobs"],
  ];
  for (const [what, path, body, field] of cases) {
    test(`400 for ${what}, naming the field`, async () => {
      const { app, sink } = producer();
      const res = await app.request(path, post("", body));
      assert.equal(res.status, 400);
      const b = await json(res);
      assert.equal(b.ok, false);
      assert.equal(b.code, "VALIDATION_ERROR");
      assert.equal(b.retryable, false);
      assert.equal(b.field, field);
      assert.equal(typeof b.error, "string");
      assert.equal((sink as ReturnType<typeof memorySink>).jobs.length, 0);
    });
  }

  test("400 for more than 1000 jobs in a batch (a count, not a size: as the server)", async () => {
    const { app } = producer();
    const res = await app.request("/queues/q/jobs/batch", post("", { jobs: Array.from({ length: 1001 }, () => ({ data: 0 })) }));
    assert.equal(res.status, 400);
    const b = await json(res);
    assert.equal(b.code, "VALIDATION_ERROR");
    assert.match(b.error, /max 1000/);
  });

  test("413 for job data over 10 MB", async () => {
    const { app } = producer();
    const big = "x".repeat(MAX_JOB_DATA_SIZE);
    const res = await app.request("/queues/q/jobs", post("", { data: big }));
    assert.equal(res.status, 413);
    const b = await json(res);
    assert.equal(b.field, "data");
    assert.match(b.error, /Job data too large/);
  });

  test("413 for one oversize job in a batch", async () => {
    const { app } = producer();
    const big = "x".repeat(MAX_JOB_DATA_SIZE);
    const res = await app.request("/queues/q/jobs/batch", post("", { jobs: [{ data: 1 }, { data: big }] }));
    assert.equal(res.status, 413);
    assert.equal((await json(res)).field, "jobs.1.data");
  });

  test("413 from Content-Length alone, before reading the body", async () => {
    const { app } = producer({ MAX_BATCH_BODY_BYTES: "100" });
    const res = await app.request("/queues/q/jobs/batch", post("", { jobs: [{ data: "y".repeat(200) }] }));
    assert.equal(res.status, 413);
    assert.equal((await json(res)).field, "body");
  });

  test("a streamed body without Content-Length is read up to the cap, then 413", async () => {
    const { app, sink } = producer({ MAX_BATCH_BODY_BYTES: "100" });
    const streamed = (parts: string[]) =>
      app.fetch(
        new Request("http://edge.local/queues/q/jobs/batch", {
          method: "POST",
          body: new ReadableStream<Uint8Array>({
            start(ctl) {
              for (const p of parts) ctl.enqueue(new TextEncoder().encode(p));
              ctl.close();
            },
          }),
          duplex: "half",
        } as RequestInit),
      );
    const ok = await streamed(['{"jobs":[', '{"data":1},', '{"data":2}]}']);
    assert.equal(ok.status, 200);
    assert.deepEqual((await json(ok)).data, [1, 2]);
    const big = await streamed(['{"jobs":[', `{"data":"${"y".repeat(120)}"}`, "]}"]);
    assert.equal(big.status, 413);
    assert.match((await json(big)).error, /more than 100/);
    assert.equal((sink as ReturnType<typeof memorySink>).jobs.length, 2);
  });

  test("404 with a JSON error for unknown routes", async () => {
    const { app } = producer();
    const res = await app.request("/queues/q/pause", { method: "POST" });
    assert.equal(res.status, 404);
    assert.equal((await json(res)).ok, false);
  });
});

describe("edge producer: auth and CORS", () => {
  const env = { AUTH_TOKENS: "secret-1, secret-2", CORS_ALLOW_ORIGIN: "https://app.example" };

  test("401 without a token, with a wrong token, or a non-Bearer scheme", async () => {
    const { app } = producer(env);
    for (const headers of [{} as Record<string, string>, { authorization: "Bearer nope" }, { authorization: "Basic c2VjcmV0LTE=" }]) {
      const res = await app.request("/queues/q/jobs", post("", { data: 1 }, headers));
      assert.equal(res.status, 401);
      assert.match(res.headers.get("www-authenticate") ?? "", /Bearer/);
      const b = await json(res);
      assert.equal(b.code, "AUTH_FAILED");
    }
  });

  test("any configured token is accepted", async () => {
    const { app } = producer(env);
    for (const t of ["secret-1", "secret-2"]) {
      const res = await app.request("/queues/q/jobs/batch", post("", { jobs: [{ data: 1 }] }, { authorization: `Bearer ${t}` }));
      assert.equal(res.status, 200);
    }
  });

  test("preflight needs no token and allows the configured origin only", async () => {
    const { app } = producer(env);
    const pre = (origin: string) =>
      app.request("/queues/q/jobs", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
      });
    const ok = await pre("https://app.example");
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://app.example");
    assert.match(ok.headers.get("access-control-allow-headers") ?? "", /Authorization/i);
    const other = await pre("https://evil.example");
    assert.equal(other.headers.get("access-control-allow-origin"), null);
  });

  test("successful responses carry CORS headers", async () => {
    const { app } = producer(env);
    const res = await app.request("/queues/q/jobs", post("", { data: 1 }, { origin: "https://app.example", authorization: "Bearer secret-1" }));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "https://app.example");
  });

  test("error responses carry CORS headers too", async () => {
    const { app } = producer(env);
    const res = await app.request("/queues/q/jobs", post("", { data: 1 }, { origin: "https://app.example" }));
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("access-control-allow-origin"), "https://app.example");
  });
});

describe("edge producer: sink failures", () => {
  test("an unavailable sink gives 503, retryable", async () => {
    const down: Sink = {
      kind: "down",
      push: async () => {
        throw new FlashQError("database unavailable", "SERVICE_UNAVAILABLE", true);
      },
      pushBatch: async () => {
        throw new FlashQError("database unavailable", "SERVICE_UNAVAILABLE", true);
      },
    };
    const { app } = producer({}, down);
    const res = await app.request("/queues/q/jobs", post("", { data: 1 }));
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("retry-after"), "1");
    const b = await json(res);
    assert.equal(b.code, "SERVICE_UNAVAILABLE");
    assert.equal(b.retryable, true);
  });

  test("health reports runtime and sink", async () => {
    const { app } = producer();
    assert.deepEqual(await json(await app.request("/health")), { ok: true, data: { status: "healthy", runtime: "test", sink: "http" } });
  });
});
