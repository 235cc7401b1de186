/**
 * Command → REST route mapping of the HTTP transport, and the reverse mapping of each
 * route's `data` back into the TCP reply shape, so that the client parses one shape.
 * Paths follow flashQ's SDK (PROTOCOL.md §8.2); commands flashQ's SDK could not send
 * over HTTP (UPDATEJOB, FLOW, GETJOBSBATCH, PING) use the routes noted inline.
 * Readers accept both flashQ's server shapes and this project's supersets.
 */
import type { Command, Reply } from "./transport.ts";

/** An HTTP request derived from a command. */
export interface HttpRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
}

const q = (c: Command) => "/queues/" + encodeURIComponent(String(c.queue));
const j = (c: Command) => "/jobs/" + String(c.id);

function pushBody(c: Command): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const k in c) if (k !== "cmd" && k !== "queue" && k !== "reqId") body[k] = c[k];
  return body;
}

function query(params: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const k in params) {
    const v = params[k];
    if (v !== undefined && v !== null) parts.push(`${k}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? "?" + parts.join("&") : "";
}

/** The route of a command, or null when HTTP has none. */
export function routeOf(c: Command): HttpRoute | null {
  switch (c.cmd) {
    case "PUSH": return { method: "POST", path: q(c) + "/jobs", body: pushBody(c) };
    case "PUSHB": return { method: "POST", path: q(c) + "/jobs/batch", body: { jobs: c.jobs } };
    case "PULL": return { method: "GET", path: q(c) + "/jobs" + query({ count: 1, timeout: c.timeout }) };
    case "PULLB": return { method: "GET", path: q(c) + "/jobs" + query({ count: c.count, timeout: c.timeout }) };
    case "ACK": return { method: "POST", path: j(c) + "/ack", body: { result: c.result } };
    case "ACKB": return { method: "POST", path: "/jobs/ack/batch", body: { ids: c.ids, results: c.results } };
    case "FAIL": return { method: "POST", path: j(c) + "/fail", body: { error: c.error } };
    case "GETJOB": return { method: "GET", path: j(c) };
    case "GETSTATE": return { method: "GET", path: j(c) + "/state" };
    case "GETRESULT": return { method: "GET", path: j(c) + "/result" };
    case "GETJOBBYCUSTOMID":
      return { method: "GET", path: "/jobs/custom/" + encodeURIComponent(String(c.job_id)) };
    case "GETJOBS":
      return { method: "GET", path: "/jobs" + query({ queue: c.queue, state: c.state, limit: c.limit, offset: c.offset }) };
    // Not in flashQ's SDK: POST /jobs/batch {ids}.
    case "GETJOBSBATCH": return { method: "POST", path: "/jobs/batch", body: { ids: c.ids } };
    case "GETJOBCOUNTS": return { method: "GET", path: q(c) + "/counts" };
    case "COUNT": return { method: "GET", path: q(c) + "/count" };
    case "GETPROGRESS": return { method: "GET", path: j(c) + "/progress" };
    case "WAITJOB": return { method: "GET", path: j(c) + "/wait" + query({ timeout: c.timeout }) };
    case "GETLOGS": return { method: "GET", path: j(c) + "/logs" };
    case "GETCHILDREN": return { method: "GET", path: "/jobs/" + String(c.parent_id) + "/children" };
    case "CANCEL": return { method: "POST", path: j(c) + "/cancel" };
    case "PROGRESS": return { method: "POST", path: j(c) + "/progress", body: { progress: c.progress, message: c.message } };
    case "UPDATEJOB": return { method: "PATCH", path: j(c), body: { data: c.data } };
    case "CHANGEPRIORITY": return { method: "POST", path: j(c) + "/priority", body: { priority: c.priority } };
    case "MOVETODELAYED": return { method: "POST", path: j(c) + "/delay", body: { delay: c.delay } };
    case "PROMOTE": return { method: "POST", path: j(c) + "/promote" };
    case "DISCARD": return { method: "POST", path: j(c) + "/discard" };
    case "HEARTBEAT": return { method: "POST", path: j(c) + "/heartbeat" };
    case "LOG": return { method: "POST", path: j(c) + "/logs", body: { message: c.message, level: c.level } };
    case "PAUSE": return { method: "POST", path: q(c) + "/pause" };
    case "RESUME": return { method: "POST", path: q(c) + "/resume" };
    case "ISPAUSED": return { method: "GET", path: q(c) + "/paused" };
    case "DRAIN": return { method: "POST", path: q(c) + "/drain" };
    case "OBLITERATE": return { method: "DELETE", path: q(c) + "/obliterate" };
    case "CLEAN":
      return { method: "POST", path: q(c) + "/clean", body: { grace: c.grace, state: c.state, limit: c.limit } };
    case "DLQ": return { method: "GET", path: q(c) + "/dlq" + query({ count: c.count ?? 100 }) };
    case "RETRYDLQ":
      return c.id !== undefined
        ? { method: "POST", path: q(c) + "/dlq/" + String(c.id) + "/retry" }
        : { method: "POST", path: q(c) + "/dlq/retry" };
    case "PURGEDLQ": return { method: "DELETE", path: q(c) + "/dlq" };
    case "RATELIMIT": return { method: "POST", path: q(c) + "/ratelimit", body: { limit: c.limit } };
    case "RATELIMITCLEAR": return { method: "DELETE", path: q(c) + "/ratelimit" };
    case "SETCONCURRENCY": return { method: "POST", path: q(c) + "/concurrency", body: { limit: c.limit } };
    case "CLEARCONCURRENCY": return { method: "DELETE", path: q(c) + "/concurrency" };
    case "LISTQUEUES": return { method: "GET", path: "/queues" };
    case "CRON": {
      const { cmd: _c, name, reqId: _r, ...body } = c;
      return { method: "PUT", path: "/crons/" + encodeURIComponent(String(name)), body };
    }
    case "CRONDELETE": return { method: "DELETE", path: "/crons/" + encodeURIComponent(String(c.name)) };
    case "CRONLIST": return { method: "GET", path: "/crons" };
    // flashQ's SDK names it PUSHFLOW with `parent_data`; send both spellings of the parent data.
    case "FLOW":
      return {
        method: "POST",
        path: "/flows",
        body: { queue: c.queue, data: c.data, parent_data: c.data, children: c.children, priority: c.priority },
      };
    case "STATS": return { method: "GET", path: "/stats" };
    case "METRICS": return { method: "GET", path: "/metrics" };
    case "PING": return { method: "GET", path: "/health" };
    default: return null;
  }
}

type Data = unknown;
const isObj = (d: Data): d is Record<string, unknown> => typeof d === "object" && d !== null && !Array.isArray(d);

/** Split a flattened `{...job, state}` (flashQ's HTTP shape) into `{job, state}`. */
function jobWithState(d: Data): Reply {
  if (!isObj(d)) return { job: null, state: "unknown" };
  if ("job" in d) return { ...d };
  const { state, result: _r, ...job } = d;
  return { job: "id" in job ? job : null, state };
}

function countOf(d: Data): number {
  if (typeof d === "number") return d;
  if (isObj(d)) {
    if (typeof d.count === "number") return d.count;
    if (Array.isArray(d.ids) && typeof d.ids[0] === "number") return d.ids[0];
  }
  return 0;
}

/** Turn a successful route's `data` into the TCP reply of the command. */
export function replyOf(c: Command, d: Data): Reply {
  switch (c.cmd) {
    case "PUSH":
      if (typeof d === "number") return { ok: true, id: d };
      return isObj(d) ? { ok: true, id: d.id, job: d } : { ok: true };
    case "PUSHB":
      return Array.isArray(d) ? { ok: true, ids: d } : { ok: true, ...(isObj(d) ? d : {}) };
    case "PULL":
      if (Array.isArray(d)) return { ok: true, job: d[0] ?? null };
      return isObj(d) && ("job" in d || "jobs" in d)
        ? { ok: true, job: d.job ?? (d.jobs as unknown[])?.[0] ?? null }
        : { ok: true, job: isObj(d) ? d : null };
    case "PULLB":
    case "DLQ":
      return { ok: true, jobs: Array.isArray(d) ? d : isObj(d) && Array.isArray(d.jobs) ? d.jobs : [] };
    case "ACKB":
      return { ok: true, ids: [countOf(d)] };
    case "GETJOB":
    case "GETJOBBYCUSTOMID":
      return { ok: true, ...jobWithState(d) };
    case "GETSTATE":
      return { ok: true, state: typeof d === "string" ? d : isObj(d) ? d.state : null };
    case "GETRESULT":
    case "WAITJOB":
      return { ok: true, result: d === undefined ? null : d };
    case "GETJOBS":
      if (Array.isArray(d)) return { ok: true, jobs: d, total: d.length };
      return { ok: true, ...(isObj(d) ? d : {}) };
    case "GETJOBSBATCH":
      return { ok: true, jobs: Array.isArray(d) ? d : isObj(d) ? d.jobs : [] };
    case "GETJOBCOUNTS":
    case "STATS":
      return { ok: true, ...(isObj(d) ? d : {}) };
    case "COUNT":
    case "DRAIN":
    case "OBLITERATE":
    case "CLEAN":
    case "PURGEDLQ":
    case "RETRYDLQ":
      return { ok: true, count: countOf(d) };
    case "GETPROGRESS":
      if (Array.isArray(d)) return { ok: true, progress: { id: c.id, progress: d[0], message: d[1] ?? null } };
      if (isObj(d) && isObj(d.progress)) return { ok: true, progress: d.progress };
      return { ok: true, progress: isObj(d) ? { id: c.id, ...d } : { id: c.id, progress: d, message: null } };
    case "GETLOGS":
      return { ok: true, logs: Array.isArray(d) ? d : isObj(d) ? d.logs : [] };
    case "GETCHILDREN":
      return Array.isArray(d) ? { ok: true, children: d } : { ok: true, ...(isObj(d) ? d : {}) };
    case "ISPAUSED":
      return { ok: true, paused: typeof d === "boolean" ? d : isObj(d) ? d.paused : false };
    case "LISTQUEUES":
      return { ok: true, queues: Array.isArray(d) ? d : isObj(d) ? d.queues : [] };
    case "CRONLIST":
      return { ok: true, crons: Array.isArray(d) ? d : isObj(d) ? d.crons : [] };
    case "CRONDELETE":
      return { ok: true, deleted: typeof d === "boolean" ? d : isObj(d) && typeof d.deleted === "boolean" ? d.deleted : true };
    case "FLOW":
      return { ok: true, ...(isObj(d) ? d : {}) };
    case "METRICS":
      return { ok: true, metrics: isObj(d) && isObj(d.metrics) ? d.metrics : d };
    case "PING":
      return { ok: true, pong: true };
    default:
      return isObj(d) ? { ok: true, ...d } : { ok: true, data: d };
  }
}
