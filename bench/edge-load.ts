/**
 * A minimal HTTP/1.1 load generator for push benchmarks: `connections` keep-alive
 * sockets, one request in flight on each, the request bytes prebuilt once. Parsing
 * is just enough for these replies (status, Content-Length or chunked), so the
 * generator costs far less CPU than the server it measures.
 */
import { connect, type Socket } from "node:net";

/** What to send. */
export interface LoadSpec {
  port: number;
  host?: string;
  path: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  /** Measured window, after `warmupMs`. */
  durationMs: number;
  warmupMs?: number;
}

/** Outcome of one run. */
export interface LoadResult {
  /** Replies with status 2xx within the window, per second. */
  rps: number;
  ok: number;
  /** Non-2xx replies within the window. */
  errors: number;
  /** First non-2xx status and body seen, if any. */
  firstError?: string;
  seconds: number;
  /** Mean latency per request, ms. */
  meanLatencyMs: number;
}

const CRLFCRLF = Buffer.from("\r\n\r\n");

function buildRequest(spec: LoadSpec): Buffer {
  const body = Buffer.from(spec.body);
  let head = `POST ${spec.path} HTTP/1.1\r\nHost: ${spec.host ?? "127.0.0.1"}:${spec.port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n`;
  for (const [k, v] of Object.entries(spec.headers ?? {})) head += `${k}: ${v}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`), body]);
}

/**
 * Length of the first complete response in `buf`, or -1 if incomplete.
 * Sets `out.status` and `out.bodyStart`.
 */
function responseLength(buf: Buffer, out: { status: number; bodyStart: number }): number {
  const end = buf.indexOf(CRLFCRLF);
  if (end < 0) return -1;
  const head = buf.toString("latin1", 0, end).toLowerCase();
  out.status = Number(head.slice(9, 12));
  out.bodyStart = end + 4;
  const cl = head.indexOf("content-length:");
  if (cl >= 0) {
    const len = parseInt(head.slice(cl + 15), 10);
    return buf.length >= end + 4 + len ? end + 4 + len : -1;
  }
  if (head.includes("transfer-encoding: chunked")) {
    let at = end + 4;
    for (;;) {
      const lineEnd = buf.indexOf("\r\n", at);
      if (lineEnd < 0) return -1;
      const size = parseInt(buf.toString("latin1", at, lineEnd), 16);
      const next = lineEnd + 2 + size + 2;
      if (buf.length < next) return -1;
      if (size === 0) return next;
      at = next;
    }
  }
  return end + 4;
}

/** Run the load and report 2xx replies per second over the measured window. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const req = buildRequest(spec);
  const warmup = spec.warmupMs ?? 300;
  const t0 = performance.now();
  const measureFrom = t0 + warmup;
  const stopAt = measureFrom + spec.durationMs;
  let ok = 0;
  let errors = 0;
  let latencySum = 0;
  let firstError: string | undefined;
  const sockets: Socket[] = [];
  // A server that stops answering must not hang the bench.
  const guard = setTimeout(() => {
    for (const s of sockets) s.destroy();
  }, warmup + spec.durationMs + 10_000);

  await Promise.all(
    Array.from(
      { length: spec.connections },
      () =>
        new Promise<void>((resolve, reject) => {
          const s = connect({ port: spec.port, host: spec.host ?? "127.0.0.1" });
          sockets.push(s);
          s.setNoDelay(true);
          let buf: Buffer = Buffer.alloc(0);
          let sentAt = 0;
          const parsed = { status: 0, bodyStart: 0 };
          const send = (): void => {
            sentAt = performance.now();
            s.write(req);
          };
          s.once("connect", send);
          s.on("error", reject);
          s.on("close", () => resolve());
          s.on("data", (chunk: Buffer) => {
            buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
            for (;;) {
              const n = responseLength(buf, parsed);
              if (n < 0) return;
              const now = performance.now();
              if (now >= measureFrom && now < stopAt) {
                if (parsed.status >= 200 && parsed.status < 300) {
                  ok++;
                  latencySum += now - sentAt;
                } else {
                  errors++;
                  firstError ??= `${parsed.status} ${buf.toString("utf8", parsed.bodyStart, Math.min(n, parsed.bodyStart + 200))}`;
                }
              }
              buf = buf.subarray(n);
              if (now >= stopAt) {
                s.end();
                return;
              }
              send();
            }
          });
        }),
    ),
  ).finally(() => {
    clearTimeout(guard);
    for (const s of sockets) s.destroy();
  });
  const seconds = spec.durationMs / 1000;
  return { rps: Math.round(ok / seconds), ok, errors, firstError, seconds, meanLatencyMs: ok > 0 ? +(latencySum / ok).toFixed(2) : 0 };
}
