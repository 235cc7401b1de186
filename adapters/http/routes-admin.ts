/** Cron, stats, metrics and health routes. */
import type { Context, Hono } from "hono";
import { cronBodySchema, parseOrThrow, toCronOptions } from "../../core/schemas.ts";
import { commit, type HttpDeps } from "./deps.ts";
import { prometheusText } from "./prometheus.ts";
import { body, ok } from "./respond.ts";

/** Mount cron/stats/metrics/health routes. */
export function adminRoutes(app: Hono, deps: HttpDeps): void {
  const { engine } = deps;

  app.get("/health", (c) =>
    ok(c, { status: "healthy", uptime_ms: Date.now() - deps.startedAt, sqlite_enabled: false, durable: deps.durable, runtime: deps.runtime }),
  );

  app.get("/crons", (c) => ok(c, engine.listCrons()));
  const addCron = async (c: Context) => {
    const opts = toCronOptions(parseOrThrow(cronBodySchema, await body(c)));
    engine.addCron(c.req.param("name")!, opts);
    await commit(deps);
    return ok(c, null);
  };
  app.post("/crons/:name", addCron);
  app.put("/crons/:name", addCron);
  app.delete("/crons/:name", async (c) => {
    const deleted = engine.deleteCron(c.req.param("name"));
    await commit(deps);
    return ok(c, deleted, { deleted });
  });

  app.get("/stats", (c) => ok(c, engine.stats()));
  app.get("/metrics", (c) => {
    const m = engine.metrics();
    // flashQ sends the metrics object itself; its SDK reads `.metrics`: send both.
    return ok(c, { ...m, metrics: m });
  });
  app.get("/metrics/history", (c) => ok(c, deps.history?.list() ?? []));
  app.get("/metrics/prometheus", (c) => c.text(prometheusText(engine), 200, { "Content-Type": "text/plain; version=0.0.4" }));
}
