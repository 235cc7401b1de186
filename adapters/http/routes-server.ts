/**
 * flashQ's dashboard/admin routes that map onto the engine: `/server/reset` (used by
 * flashQ's benchmarks), `/server/clear-*`, `/system/metrics`, and the worker registry
 * (`GET /workers`, `POST /workers/{id}/heartbeat`).
 */
import type { Hono } from "hono";
import { z } from "zod";
import { parseOrThrow } from "../../core/schemas.ts";
import { commit, type HttpDeps } from "./deps.ts";
import { body, ok } from "./respond.ts";

/** A worker as `GET /workers` lists it. */
interface WorkerInfo {
  id: string;
  queues: string[];
  concurrency: number;
  last_heartbeat: number;
  jobs_processed: number;
}

/** Workers not heard from for this long are dropped from the list. */
const WORKER_EXPIRY_MS = 60_000;

const heartbeatSchema = z.object({
  queues: z.array(z.string()).nullish(),
  concurrency: z.number().int().min(0).nullish(),
  jobs_processed: z.number().int().min(0).nullish(),
});

/** Mount the admin routes. */
export function serverRoutes(app: Hono, deps: HttpDeps): void {
  const { engine } = deps;
  const workers = new Map<string, WorkerInfo>();

  /** Apply `fn` to every known queue; sum what it returns. */
  const everyQueue = async (fn: (queue: string) => number): Promise<number> => {
    let n = 0;
    for (const q of engine.listQueues()) n += fn(q.name);
    await commit(deps);
    return n;
  };

  app.post("/server/reset", async (c) => {
    const n = await everyQueue((q) => engine.obliterate(q));
    for (const cron of engine.listCrons()) engine.deleteCron(cron.name);
    workers.clear();
    await commit(deps);
    return ok(c, `Server reset: ${n} jobs removed`, { count: n });
  });
  app.post("/server/clear-queues", async (c) => {
    const n = await everyQueue((q) => engine.drain(q));
    return ok(c, n, { count: n });
  });
  app.post("/server/clear-dlq", async (c) => {
    const n = await everyQueue((q) => engine.purgeDlq(q));
    return ok(c, n, { count: n });
  });
  app.post("/server/clear-completed", async (c) => {
    const n = await everyQueue((q) => engine.clean(q, 0, "completed"));
    return ok(c, n, { count: n });
  });

  app.get("/system/metrics", (c) => {
    const p = (globalThis as { process?: { memoryUsage?: () => { rss: number; heapUsed: number; heapTotal: number }; pid?: number; uptime?: () => number } }).process;
    const mem = p?.memoryUsage?.();
    const mb = (n: number | undefined) => (n === undefined ? 0 : Math.round((n / 1048576) * 10) / 10);
    return ok(c, {
      memory_used_mb: mb(mem?.heapUsed),
      memory_total_mb: mb(mem?.heapTotal),
      memory_rss_mb: mb(mem?.rss),
      process_id: p?.pid ?? 0,
      uptime_seconds: Math.round((Date.now() - deps.startedAt) / 1000),
      runtime: deps.runtime,
    });
  });

  app.get("/workers", (c) => {
    const cutoff = Date.now() - WORKER_EXPIRY_MS;
    for (const [id, w] of workers) if (w.last_heartbeat < cutoff) workers.delete(id);
    return ok(c, [...workers.values()]);
  });
  app.post("/workers/:id/heartbeat", async (c) => {
    const b = parseOrThrow(heartbeatSchema, await body(c));
    const id = c.req.param("id");
    const prev = workers.get(id);
    workers.set(id, {
      id,
      queues: b.queues ?? prev?.queues ?? [],
      concurrency: b.concurrency ?? prev?.concurrency ?? 1,
      last_heartbeat: Date.now(),
      jobs_processed: b.jobs_processed ?? prev?.jobs_processed ?? 0,
    });
    return ok(c, null);
  });
}
