/**
 * Queue routes: push (single, batch), pull, pause/resume, counts, DLQ, limits,
 * drain/obliterate/clean — flashQ's paths plus its SDK's aliases (PROTOCOL.md §8).
 */
import type { Context, Hono } from "hono";
import { parseJobInput, parseOrThrow, pushBatchBodySchema } from "../../core/schemas.ts";
import { MAX_JOB_DATA_SIZE, validateBatchSize, validateJobDataSize } from "../../core/validation.ts";
import { batchReply, parseJobInputs } from "../protocol/commands.ts";
import { commit, exec, requestOwner, type HttpDeps } from "./deps.ts";
import { body, intParam, ok } from "./respond.ts";

/** Default wait of an HTTP pull (flashQ waits forever; clients abort on their own timeout). */
const HTTP_PULL_TIMEOUT = 30_000;

/** Mount the queue routes. */
export function queueRoutes(app: Hono, deps: HttpDeps): void {
  const { engine } = deps;

  app.get("/queues", (c) => ok(c, engine.listQueues()));

  app.post("/queues/:q/jobs/batch", async (c) => {
    const b = parseOrThrow(pushBatchBodySchema, await body(c));
    // Like the edge producer: > 1000 jobs is a 400, one item's data over 10 MB a 413 for
    // the whole batch (as any other bad item); TCP PUSHB keeps flashQ's per-item drop.
    validateBatchSize(b.jobs.length, "jobs");
    const inputs = parseJobInputs(b.jobs);
    const declared = Number(c.req.header("content-length"));
    const known = Number.isSafeInteger(declared) && declared <= MAX_JOB_DATA_SIZE ? declared : undefined;
    for (let i = 0; i < inputs.length; i++) validateJobDataSize(inputs[i]!.data, known, `jobs.${i}.data`);
    const reply = batchReply(engine.pushBatch(c.req.param("q"), inputs));
    await commit(deps);
    return ok(c, reply.ids, reply.errors ? { ids: reply.ids, errors: reply.errors } : { ids: reply.ids });
  });

  app.post("/queues/:q/jobs", async (c) => {
    const job = engine.push(c.req.param("q"), parseJobInput(await body(c)));
    await commit(deps);
    return ok(c, job);
  });

  app.get("/queues/:q/jobs", async (c) => {
    const count = intParam(c.req.query("count"), "count", 1);
    const timeoutMs = intParam(c.req.query("timeout"), "timeout", HTTP_PULL_TIMEOUT);
    const queue = c.req.param("q");
    const now = engine.tryPull(queue, Math.max(1, count), undefined);
    if (now.length > 0 || timeoutMs === 0) return ok(c, now);
    const owner = requestOwner();
    const signal = c.req.raw.signal;
    if (signal?.aborted) return ok(c, []);
    const release = () => engine.releaseOwner(owner);
    signal?.addEventListener("abort", release);
    try {
      return ok(c, await engine.pull(queue, { count: Math.max(1, count), timeoutMs, owner }));
    } finally {
      signal?.removeEventListener("abort", release);
    }
  });

  app.post("/queues/:q/pause", async (c) => (await exec(deps, "PAUSE", { queue: c.req.param("q") }), ok(c, null)));
  app.post("/queues/:q/resume", async (c) => (await exec(deps, "RESUME", { queue: c.req.param("q") }), ok(c, null)));
  app.get("/queues/:q/paused", (c) => ok(c, { paused: engine.isPaused(c.req.param("q")) }));
  app.get("/queues/:q/counts", async (c) => {
    const { ok: _ok, ...counts } = await exec(deps, "GETJOBCOUNTS", { queue: c.req.param("q") });
    return ok(c, counts);
  });
  app.get("/queues/:q/count", async (c) => {
    const n = engine.count(c.req.param("q"));
    return ok(c, n, { count: n });
  });

  app.get("/queues/:q/dlq", (c) => ok(c, engine.getDlq(c.req.param("q"), intParam(c.req.query("count"), "count", 100))));
  app.post("/queues/:q/dlq/retry", async (c) => {
    const b = await body(c);
    const id = b.job_id ?? b.id;
    const r = await exec(deps, "RETRYDLQ", id === undefined || id === null ? { queue: c.req.param("q") } : { queue: c.req.param("q"), id });
    return ok(c, r.count, { count: r.count });
  });
  app.post("/queues/:q/dlq/:id/retry", async (c) => {
    const r = await exec(deps, "RETRYDLQ", { queue: c.req.param("q"), id: intParam(c.req.param("id"), "id") });
    return ok(c, r.count, { count: r.count });
  });
  app.delete("/queues/:q/dlq", async (c) => {
    const r = await exec(deps, "PURGEDLQ", { queue: c.req.param("q") });
    return ok(c, r.count, { count: r.count });
  });

  for (const path of ["/queues/:q/rate-limit", "/queues/:q/ratelimit"]) {
    app.post(path, async (c) => (await exec(deps, "RATELIMIT", { ...(await body(c)), queue: c.req.param("q") }), ok(c, null)));
    app.delete(path, async (c) => (await exec(deps, "RATELIMITCLEAR", { queue: c.req.param("q") }), ok(c, null)));
  }
  app.post("/queues/:q/concurrency", async (c) => {
    await exec(deps, "SETCONCURRENCY", { ...(await body(c)), queue: c.req.param("q") });
    return ok(c, null);
  });
  app.delete("/queues/:q/concurrency", async (c) => {
    await exec(deps, "CLEARCONCURRENCY", { queue: c.req.param("q") });
    return ok(c, null);
  });

  const counted = (name: string) => async (c: Context) => {
    const r = await exec(deps, name, { queue: c.req.param("q") });
    return ok(c, r.count, { count: r.count });
  };
  app.post("/queues/:q/drain", counted("DRAIN"));
  app.delete("/queues/:q/obliterate", counted("OBLITERATE"));
  app.delete("/queues/:q", counted("OBLITERATE"));
  app.post("/queues/:q/clean", async (c) => {
    const r = await exec(deps, "CLEAN", { ...(await body(c)), queue: c.req.param("q") });
    return ok(c, r.count, { count: r.count });
  });
}
