/**
 * Sink that forwards pushes to a flashQ server's HTTP API (`UPSTREAM_URL`):
 * the validated body is sent as received, so the server applies its own rules
 * (idempotent `job_id`, unique keys, debounce) and the reply carries its job.
 *
 * Upstream errors keep their code (rebuilt with `errorFromWire`); an unreachable
 * upstream or a 5xx without a JSON body becomes `SERVICE_UNAVAILABLE` (503,
 * retryable). A `DUPLICATE_JOB` error that names the holder's `jobId` is turned
 * into success with that id, so a retried push returns the original job id
 * (also a batch item's: the server's batch errors name the holder too).
 */
import { errorFromWire, ServerError, type WireError } from "../../core/errors.ts";
import type { BatchItemError, BatchOutcome, BatchRequest, PushedJob, PushRequest, Sink } from "../sink.ts";

/** Options of {@link httpSink}. */
export interface HttpSinkOptions {
  /** Bearer token for the upstream; default: forward the caller's Authorization header. */
  token?: string;
  /** fetch to use (tests, service bindings); default: global fetch. */
  fetch?: typeof fetch;
  /** Give up on the upstream after this many ms (default 10000): 503, retryable. */
  timeoutMs?: number;
}

interface Envelope {
  ok?: boolean;
  data?: unknown;
}

/** The upstream could not be reached or did not answer in time: retryable. */
function unreachable(err: unknown, timeoutMs: number): ServerError {
  const name = (err as { name?: string } | null)?.name;
  const why = name === "TimeoutError" || name === "AbortError" ? `no answer within ${timeoutMs} ms` : (err as Error).message;
  return new ServerError(`Upstream unreachable: ${why}`, "SERVICE_UNAVAILABLE", { cause: err });
}

/**
 * Re-align a batch reply whose refused items are missing from `ids`: a refusal
 * that is a duplicate naming its holder (`jobId`) becomes that id in place.
 */
function mergeDuplicates(n: number, ids: number[], errors: BatchItemError[]): BatchOutcome {
  const byIndex = new Map(errors.map((e) => [e.index, e]));
  const out: number[] = [];
  const left: BatchItemError[] = [];
  let next = 0;
  for (let i = 0; i < n; i++) {
    const e = byIndex.get(i);
    if (e === undefined) {
      if (next < ids.length) out.push(ids[next++]!);
    } else if (e.code === "DUPLICATE_JOB" && typeof e.jobId === "number") out.push(e.jobId);
    else left.push(e);
  }
  return left.length > 0 ? { ids: out, errors: left } : { ids: out };
}

function duplicateId(w: WireError): number | undefined {
  return w.code === "DUPLICATE_JOB" && typeof w.jobId === "number" ? w.jobId : undefined;
}

/** Create a sink forwarding to the server at `baseUrl` (no trailing slash). */
export function httpSink(baseUrl: string, opts: HttpSinkOptions = {}): Sink {
  const base = baseUrl.replace(/\/+$/, "");
  const doFetch = opts.fetch ?? fetch;
  const fixedAuth = opts.token === undefined ? undefined : `Bearer ${opts.token}`;
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function post(path: string, raw: string, authorization: string | undefined): Promise<Envelope & WireError> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const auth = fixedAuth ?? authorization;
    if (auth !== undefined) headers.authorization = auth;
    let res: Response;
    try {
      res = await doFetch(base + path, { method: "POST", headers, body: raw, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw unreachable(err, timeoutMs);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw unreachable(err, timeoutMs);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body === null || typeof body !== "object") {
      const code = res.status >= 500 ? "SERVICE_UNAVAILABLE" : "SERVER_ERROR";
      throw new ServerError(`Upstream answered ${res.status} without a JSON body: ${text.slice(0, 200)}`, code);
    }
    return body as Envelope & WireError;
  }

  return {
    kind: "http",
    async push(req: PushRequest): Promise<PushedJob> {
      const body = await post(`/queues/${encodeURIComponent(req.queue)}/jobs`, req.raw, req.authorization);
      if (body.ok === true) {
        const data = body.data as PushedJob | number | null;
        if (typeof data === "number") return { id: data };
        if (data !== null && typeof data === "object" && typeof data.id === "number") return data;
        throw new ServerError("Upstream push reply carries no job id", "SERVER_ERROR");
      }
      const dup = duplicateId(body);
      if (dup !== undefined) return { id: dup, duplicate: true };
      throw errorFromWire(body);
    },
    async pushBatch(req: BatchRequest): Promise<BatchOutcome> {
      const body = await post(`/queues/${encodeURIComponent(req.queue)}/jobs/batch`, req.raw, req.authorization);
      if (body.ok !== true) throw errorFromWire(body);
      const reply = body as Envelope & { ids?: unknown; errors?: BatchItemError[] };
      const ids = Array.isArray(reply.data) ? reply.data : reply.ids;
      if (!Array.isArray(ids) || !ids.every((x) => typeof x === "number")) {
        throw new ServerError("Upstream batch reply carries no ids", "SERVER_ERROR");
      }
      if (!Array.isArray(reply.errors) || reply.errors.length === 0) return { ids: ids as number[] };
      return mergeDuplicates(req.inputs.length, ids as number[], reply.errors);
    },
  };
}
