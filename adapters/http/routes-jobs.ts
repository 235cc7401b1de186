/**
 * Job routes: queries, ack/fail, management, logs, children, flows — flashQ's paths
 * plus its SDK's aliases, with superset shapes where the two disagree (PROTOCOL.md §8.2).
 */
import type { Context, Hono } from "hono";
import { ValidationError } from "../../core/errors.ts";
import { flatten } from "../protocol/wire.ts";
import { exec, type HttpDeps } from "./deps.ts";
import { body, intParam, ok } from "./respond.ts";

const idOf = (c: Context): number => intParam(c.req.param("id"), "id");

/** Mount the job routes. */
export function jobRoutes(app: Hono, deps: HttpDeps): void {
  const { engine } = deps;

  app.get("/jobs", async (c) => {
    const q = c.req.query();
    const msg: Record<string, unknown> = {};
    if (q.queue) msg.queue = q.queue;
    if (q.state) msg.state = q.state;
    if (q.limit !== undefined) msg.limit = intParam(q.limit, "limit");
    if (q.offset !== undefined) msg.offset = intParam(q.offset, "offset");
    const r = await exec(deps, "GETJOBS", msg);
    return ok(c, { jobs: r.jobs, total: r.total });
  });
  app.post("/jobs/batch", async (c) => {
    const r = await exec(deps, "GETJOBSBATCH", await body(c));
    return ok(c, r.jobs);
  });
  app.post("/jobs/ack/batch", async (c) => {
    const r = await exec(deps, "ACKB", await body(c));
    return ok(c, r.count, { ids: r.ids, count: r.count });
  });
  app.get("/jobs/custom/:customId", (c) => {
    const js = engine.getJobByCustomId(c.req.param("customId"));
    return ok(c, js ? { ...flatten(js, true), result: js.state === "completed" ? (engine.getResult(js.job.id) ?? null) : null } : { job: null, state: "unknown" });
  });

  app.get("/jobs/:id", (c) => {
    const id = idOf(c);
    const js = engine.getJob(id);
    if (!js) return ok(c, { job: null, state: engine.getState(id), result: engine.getResult(id) ?? null });
    return ok(c, { ...flatten(js, true), result: engine.getResult(id) ?? null });
  });
  app.patch("/jobs/:id", async (c) => {
    await exec(deps, "UPDATEJOB", { ...(await body(c)), id: idOf(c) });
    return ok(c, null);
  });
  app.get("/jobs/:id/state", (c) => {
    const id = idOf(c);
    return ok(c, { id, state: engine.getState(id) });
  });
  app.get("/jobs/:id/result", (c) => ok(c, engine.getResult(idOf(c)) ?? null));
  app.get("/jobs/:id/wait", async (c) => {
    const r = await exec(deps, "WAITJOB", { id: idOf(c), timeout: intParam(c.req.query("timeout"), "timeout", 30_000) });
    return ok(c, r.result ?? null);
  });
  app.get("/jobs/:id/progress", async (c) => {
    const r = await exec(deps, "GETPROGRESS", { id: idOf(c) });
    return ok(c, { progress: r.progress });
  });
  app.get("/jobs/:id/logs", async (c) => {
    const r = await exec(deps, "GETLOGS", { id: idOf(c) });
    return ok(c, r.logs);
  });
  app.get("/jobs/:id/children", async (c) => {
    const { ok: _ok, ...rest } = await exec(deps, "GETCHILDREN", { parent_id: idOf(c) });
    return ok(c, rest);
  });

  /** POST /jobs/:id/<action> → command with the body's fields plus the id. */
  const action = (path: string, cmd: string) =>
    app.post(`/jobs/:id/${path}`, async (c) => {
      await exec(deps, cmd, { ...(await body(c)), id: idOf(c) });
      return ok(c, null);
    });
  action("ack", "ACK");
  action("fail", "FAIL");
  action("cancel", "CANCEL");
  action("progress", "PROGRESS");
  action("priority", "CHANGEPRIORITY");
  action("move-to-delayed", "MOVETODELAYED");
  action("delay", "MOVETODELAYED");
  action("promote", "PROMOTE");
  action("discard", "DISCARD");
  action("heartbeat", "HEARTBEAT");
  action("logs", "LOG");
  action("partial", "PARTIAL");

  app.post("/flows", async (c) => {
    const b = await body(c);
    // flashQ's SDK names the parent data `parent_data`.
    const data = b.data !== undefined ? b.data : b.parent_data;
    if (typeof b.queue !== "string") throw new ValidationError("Invalid field 'queue': is required", "queue");
    const { ok: _ok, ...rest } = await exec(deps, "FLOW", { ...b, data });
    return ok(c, rest);
  });
}
