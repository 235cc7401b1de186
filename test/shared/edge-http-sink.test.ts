/**
 * The edge producer with the HTTP (forward) sink in front of the real server app
 * (`adapters/http/app.ts` over an in-memory engine), wired through `app.request`
 * instead of a socket: jobs reach the engine, tokens are forwarded, repeats of a
 * job_id / unique_key answer the original id, and upstream errors keep their code.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createApp } from "../../adapters/http/app.ts";
import { createProducer } from "../../edge/producer.ts";
import { readConfig } from "../../edge/config.ts";
import { httpSink } from "../../edge/sinks/http-sink.ts";
import { startEngine, type TestEngine } from "./helpers/engine.ts";

let te: TestEngine;

before(async () => {
  te = await startEngine();
});
after(async () => {
  await te.engine.stop();
});

/** Producer → (fetch = server.request) → server app → engine. */
function chain(edgeEnv: Record<string, string>, serverTokens: string[] = []) {
  const server = createApp({ engine: te.engine, authTokens: serverTokens, runtime: "test" });
  const upstreamFetch = ((input: string | URL | Request, init?: RequestInit) =>
    server.request(input as string, init)) as typeof fetch;
  const config = readConfig({ SINK: "http", UPSTREAM_URL: "http://upstream.local", ...edgeEnv });
  const sink = httpSink(config.upstreamUrl!, { token: config.upstreamToken, fetch: upstreamFetch });
  return createProducer("test", () => sink, config);
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("edge producer → HTTP sink → server", () => {
  test("a single push reaches the engine and replies with the server's job", async () => {
    const app = chain({});
    const res = await app.request("/queues/fwd/jobs", post({ data: { a: 1 }, priority: 3 }));
    assert.equal(res.status, 200);
    const { data } = await res.json();
    assert.equal(data.queue, "fwd");
    assert.equal(data.priority, 3);
    const held = te.engine.getJob(data.id);
    assert.deepEqual(held?.job.data, { a: 1 });
    assert.equal(held?.state, "waiting");
  });

  test("a batch push replies with the ids in order", async () => {
    const app = chain({});
    const res = await app.request("/queues/fwd-b/jobs/batch", post({ jobs: [{ data: 1 }, { data: 2 }, { data: 3 }] }));
    const b = await res.json();
    assert.equal(res.status, 200);
    assert.equal(b.data.length, 3);
    assert.deepEqual(b.data.map((id: number) => te.engine.getJob(id)?.job.data), [1, 2, 3]);
  });

  test("repeats of a job_id or a unique_key answer the original id", async () => {
    const app = chain({});
    const first = (await (await app.request("/queues/fwd-i/jobs", post({ data: 1, jobId: "order-7" }))).json()).data.id;
    const again = await (await app.request("/queues/fwd-i/jobs", post({ data: 1, jobId: "order-7" }))).json();
    assert.equal(again.data.id, first);
    const u = (await (await app.request("/queues/fwd-i/jobs", post({ data: 2, unique_key: "u-1" }))).json()).data.id;
    const uAgain = await app.request("/queues/fwd-i/jobs", post({ data: 2, unique_key: "u-1" }));
    assert.equal(uAgain.status, 200);
    assert.equal((await uAgain.json()).data.id, u);
    const batch = await (await app.request("/queues/fwd-i/jobs/batch", post({ jobs: [{ data: 3, job_id: "order-7" }, { data: 4 }] }))).json();
    assert.equal(batch.data[0], first);
    assert.equal(batch.data.length, 2);
  });

  test("a batch that repeats a unique_key answers the holder's id in place (also within the batch)", async () => {
    const app = chain({});
    const u = (await (await app.request("/queues/fwd-ub/jobs", post({ data: 1, unique_key: "ub-1" }))).json()).data.id;
    const res = await app.request(
      "/queues/fwd-ub/jobs/batch",
      post({ jobs: [{ data: 2 }, { data: 3, unique_key: "ub-1" }, { data: 4, unique_key: "ub-2" }, { data: 5, unique_key: "ub-2" }] }),
    );
    const b = await res.json();
    assert.equal(res.status, 200);
    assert.equal(b.errors, undefined);
    assert.equal(b.data.length, 4);
    assert.deepEqual([b.data[1], b.data[3]], [u, b.data[2]]);
    assert.deepEqual(b.data.map((id: number) => te.engine.getJob(id)?.job.data), [2, 1, 4, 4]);
    assert.deepEqual(b.ids, b.data);
  });

  test("the edge token and the upstream token are separate", async () => {
    const app = chain({ AUTH_TOKENS: "edge-t", UPSTREAM_TOKEN: "server-t" }, ["server-t"]);
    const ok = await app.request("/queues/fwd-a/jobs", post({ data: 1 }, { authorization: "Bearer edge-t" }));
    assert.equal(ok.status, 200);
    const bad = await app.request("/queues/fwd-a/jobs", post({ data: 1 }, { authorization: "Bearer server-t" }));
    assert.equal(bad.status, 401);
  });

  test("without UPSTREAM_TOKEN the caller's token is forwarded; the server's 401 comes back", async () => {
    const app = chain({}, ["server-t"]);
    const ok = await app.request("/queues/fwd-f/jobs", post({ data: 1 }, { authorization: "Bearer server-t" }));
    assert.equal(ok.status, 200);
    const bad = await app.request("/queues/fwd-f/jobs", post({ data: 1 }, { authorization: "Bearer nope" }));
    assert.equal(bad.status, 401);
    assert.equal((await bad.json()).code, "AUTH_FAILED");
  });

  test("an unreachable upstream is 503 SERVICE_UNAVAILABLE, retryable", async () => {
    const config = readConfig({ SINK: "http", UPSTREAM_URL: "http://upstream.local" });
    const sink = httpSink(config.upstreamUrl!, {
      fetch: (async () => {
        throw new TypeError("fetch failed");
      }) as typeof fetch,
    });
    const res = await createProducer("test", () => sink, config).request("/queues/q/jobs", post({ data: 1 }));
    assert.equal(res.status, 503);
    const b = await res.json();
    assert.equal(b.code, "SERVICE_UNAVAILABLE");
    assert.equal(b.retryable, true);
  });

  test("an upstream that does not answer in time is 503 SERVICE_UNAVAILABLE", async () => {
    const config = readConfig({ SINK: "http", UPSTREAM_URL: "http://upstream.local" });
    // Never answers; the pending timer stands for the open socket that keeps a real process alive
    // (Node's AbortSignal.timeout timer alone does not).
    const silent = ((_url: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const socket = setTimeout(() => reject(new Error("test upstream gave up")), 30_000);
        init?.signal?.addEventListener("abort", () => {
          clearTimeout(socket);
          reject(init.signal!.reason);
        });
      })) as typeof fetch;
    const sink = httpSink(config.upstreamUrl!, { fetch: silent, timeoutMs: 20 });
    const res = await createProducer("test", () => sink, config).request("/queues/q/jobs/batch", post({ jobs: [{ data: 1 }] }));
    assert.equal(res.status, 503);
    const b = await res.json();
    assert.equal(b.code, "SERVICE_UNAVAILABLE");
    assert.match(b.error, /no answer within 20 ms/);
  });
});
