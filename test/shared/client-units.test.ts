/**
 * SDK pieces that need no server: errors from replies, retry, hooks, logger,
 * validation, option translation, SSE parsing, HTTP route mapping, the emitter.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthenticationError,
  ConnectionError,
  DuplicateJobError,
  FlashQError,
  JobNotFoundError,
  Logger,
  MAX_BATCH_SIZE,
  MAX_JOB_DATA_SIZE,
  RateLimitError,
  RetryPresets,
  ServerError,
  TimeoutError,
  ValidationError,
  callErrorHook,
  callHook,
  createHookContext,
  createLogger,
  errorFromReply,
  getDuration,
  getLogger,
  isRetryable,
  parseServerError,
  retryable,
  setGlobalLogger,
  validateJobDataSize,
  validateQueueName,
  withRetry,
  type LogEntry,
  type PushHookContext,
} from "../../client/index.ts";
import { Emitter } from "../../client/emitter.ts";
import { SseParser, toJobEvent } from "../../client/events/parse.ts";
import { applyPushOptions, buildJob, fromJobOptions } from "../../client/job-options.ts";
import { replyOf, routeOf } from "../../client/transport/http-routes.ts";

describe("errors from replies", () => {
  test("structured code wins over message text", () => {
    const e = errorFromReply({ ok: false, error: "whatever text", code: "JOB_NOT_FOUND", jobId: 7 });
    assert.ok(e instanceof JobNotFoundError);
    assert.equal((e as JobNotFoundError).jobId, 7);
    assert.equal(e.retryable, false);
    const v = errorFromReply({ ok: false, error: "Job not found: 3", code: "VALIDATION_ERROR", field: "queue" });
    assert.ok(v instanceof ValidationError);
    assert.equal((v as ValidationError).field, "queue");
  });
  test("rate limit carries retryAfterMs and is retryable", () => {
    const e = errorFromReply({ ok: false, error: "slow down", code: "RATE_LIMITED", queue: "q", retryAfterMs: 250 });
    assert.ok(e instanceof RateLimitError);
    assert.equal((e as RateLimitError).retryAfterMs, 250);
    assert.equal(e.message, "slow down");
    assert.equal(isRetryable(e), true);
  });
  test("wire retryable flag is trusted", () => {
    const e = errorFromReply({ ok: false, error: "boom", code: "SOMETHING_NEW", retryable: true });
    assert.ok(e instanceof ServerError);
    assert.equal(e.code, "SOMETHING_NEW");
    assert.equal(e.retryable, true);
  });
  test("without code: the manual's substring fallback", () => {
    assert.ok(parseServerError("Job not found: 12") instanceof JobNotFoundError);
    assert.equal((parseServerError("Job not found: 12") as JobNotFoundError).jobId, 12);
    assert.ok(parseServerError("Duplicate job with key: k") instanceof DuplicateJobError);
    assert.ok(parseServerError("Authentication required") instanceof AuthenticationError);
    const r = parseServerError("Rate limit exceeded for queue: api, retry after 300ms");
    assert.ok(r instanceof RateLimitError);
    assert.equal((r as RateLimitError).retryAfterMs, 300);
    assert.equal((r as RateLimitError).queue, "api");
    assert.ok(parseServerError("something else") instanceof ServerError);
  });
  test("client-side classes have their codes", () => {
    assert.equal(new TimeoutError("t", 10).code, "REQUEST_TIMEOUT");
    assert.equal(new TimeoutError("t", 10).timeoutMs, 10);
    assert.equal(new ConnectionError("c").retryable, true);
    assert.ok(new ConnectionError("c") instanceof FlashQError);
    assert.equal(isRetryable(new Error("plain")), false);
  });
});

describe("retry", () => {
  test("withRetry retries retryable errors, then succeeds", async () => {
    let calls = 0;
    const seen: number[] = [];
    const out = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new ConnectionError("down");
        return "ok";
      },
      { maxRetries: 3, initialDelay: 1, maxDelay: 2, onRetry: (_e, attempt) => seen.push(attempt) },
    );
    assert.equal(out, "ok");
    assert.equal(calls, 3);
    assert.deepEqual(seen, [1, 2]);
  });
  test("non-retryable errors are thrown at once", async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(async () => {
        calls++;
        throw new ValidationError("bad", "queue");
      }, { initialDelay: 1 }),
      ValidationError,
    );
    assert.equal(calls, 1);
  });
  test("retryOn and shouldRetry select errors", async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(async () => {
        calls++;
        throw new ConnectionError("x", "CONNECTION_CLOSED");
      }, { maxRetries: 2, initialDelay: 1, retryOn: ["CONNECTION_CLOSED"] }),
    );
    assert.equal(calls, 3);
    calls = 0;
    await assert.rejects(
      withRetry(async () => {
        calls++;
        throw new Error("plain");
      }, { maxRetries: 2, initialDelay: 1, shouldRetry: (_e, attempt) => attempt < 2 }),
    );
    assert.equal(calls, 2);
  });
  test("retryable wraps a function", async () => {
    let n = 0;
    const f = retryable(async (a: number, b: number) => {
      if (n++ === 0) throw new TimeoutError("t", 1);
      return a + b;
    }, { initialDelay: 1 });
    assert.equal(await f(2, 3), 5);
  });
  test("presets", () => {
    assert.equal(RetryPresets.fast.maxRetries, 2);
    assert.equal(RetryPresets.standard.maxDelay, 5000);
    assert.equal(RetryPresets.aggressive.maxRetries, 5);
    assert.equal(RetryPresets.none.maxRetries, 0);
  });
});

describe("hooks", () => {
  test("context, duration, safe calls", async () => {
    const ctx = createHookContext<PushHookContext>({ queue: "q", data: {} });
    assert.equal(typeof ctx.startTime, "number");
    assert.ok(getDuration(ctx) >= 0);
    let seen = "";
    await callHook((c: PushHookContext) => {
      seen = c.queue;
    }, ctx);
    assert.equal(seen, "q");
    await callHook(() => {
      throw new Error("hook bug");
    }, ctx); // must not throw
    let err = "";
    await callErrorHook((_c: PushHookContext, e: Error) => {
      err = e.message;
    }, ctx, new Error("x"));
    assert.equal(err, "x");
    await callHook(undefined, ctx);
  });
});

describe("logger", () => {
  test("levels, prefix, request id, child, handler", () => {
    const entries: LogEntry[] = [];
    const log = createLogger({ level: "info", prefix: "app", handler: (e) => entries.push(e) });
    log.debug("hidden");
    log.info("shown", { a: 1 });
    log.setRequestId("req-1");
    log.child("db").warn("child");
    assert.equal(entries.length, 2);
    assert.equal(entries[0]!.message, "shown");
    assert.deepEqual(entries[0]!.data, { a: 1 });
    assert.equal(entries[1]!.prefix, "app:db");
    assert.equal(entries[1]!.requestId, "req-1");
    assert.equal(entries[1]!.level, "warn");
    assert.equal(log.isLevelEnabled("debug"), false);
    assert.equal(log.isLevelEnabled("error"), true);
  });
  test("global logger", () => {
    const before = getLogger();
    const mine = new Logger({ level: "error" });
    setGlobalLogger(mine);
    assert.equal(getLogger(), mine);
    setGlobalLogger(before);
  });
});

describe("validation", () => {
  test("queue names", () => {
    validateQueueName("my-queue.v1_2");
    assert.throws(() => validateQueueName("invalid/name"), ValidationError);
    assert.throws(() => validateQueueName(""), ValidationError);
    assert.throws(() => validateQueueName("x".repeat(257)), ValidationError);
  });
  test("data size", () => {
    validateJobDataSize({ small: true });
    assert.throws(() => validateJobDataSize("x".repeat(MAX_JOB_DATA_SIZE + 1)), (e: unknown) => {
      return e instanceof ValidationError && e.field === "data";
    });
    assert.equal(MAX_BATCH_SIZE, 1000);
    assert.equal(MAX_JOB_DATA_SIZE, 10 * 1024 * 1024);
  });
});

describe("push options", () => {
  test("aliases and backoff are translated", () => {
    const cmd: Record<string, unknown> = {};
    applyPushOptions(cmd, { jobId: "o-1", keepCompletedAge: 5, keepCompletedCount: 2, backoff: { type: "exponential", delay: 100 }, priority: undefined });
    assert.deepEqual(cmd, { job_id: "o-1", keep_completed_age: 5, keep_completed_count: 2, backoff: 100 });
    const fixed: Record<string, unknown> = {};
    applyPushOptions(fixed, { backoff: { type: "fixed", delay: 50 } });
    assert.deepEqual(fixed.backoff, { type: "fixed", delay: 50 });
  });
  test("BullMQ job options", () => {
    assert.deepEqual(fromJobOptions({ attempts: 3, jobId: "x", removeOnComplete: true, removeOnFail: true }), {
      max_attempts: 3,
      job_id: "x",
      remove_on_complete: true,
      remove_on_fail: true,
    });
    assert.equal(fromJobOptions({ removeOnComplete: 10 }).keep_completed_count, 10);
  });
  test("built job has every field", () => {
    const job = buildJob(5, "q", { a: 1 }, { priority: 3, delay: 100, job_id: "c" });
    assert.equal(job.id, 5);
    assert.equal(job.priority, 3);
    assert.equal(job.custom_id, "c");
    assert.equal(job.run_at - job.created_at, 100);
  });
});

describe("events parsing", () => {
  test("SSE parser handles split chunks, comments and CRLF", () => {
    const p = new SseParser();
    assert.deepEqual(p.push(": keep-alive\n\nevent: pushed\nda"), []);
    const out = p.push('ta: {"event_type":"pushed","queue":"q","job_id":1,"timestamp":2}\r\n\r\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.event, "pushed");
    const ev = toJobEvent(JSON.parse(out[0]!.data));
    assert.deepEqual(ev, { eventType: "pushed", queue: "q", jobId: 1, timestamp: 2 });
  });
  test("wire event fields map to JobEvent", () => {
    const ev = toJobEvent({ event_type: "failed", queue: "q", job_id: 9, timestamp: 1, error: "boom" });
    assert.equal(ev!.error, "boom");
    assert.equal(toJobEvent("nope"), null);
  });
});

describe("HTTP route mapping", () => {
  test("commands become REST calls", () => {
    assert.deepEqual(routeOf({ cmd: "PUSH", queue: "a b", data: 1, priority: 2 }), {
      method: "POST",
      path: "/queues/a%20b/jobs",
      body: { data: 1, priority: 2 },
    });
    assert.equal(routeOf({ cmd: "PULLB", queue: "q", count: 5, timeout: 100 })!.path, "/queues/q/jobs?count=5&timeout=100");
    assert.equal(routeOf({ cmd: "RETRYDLQ", queue: "q", id: 3 })!.path, "/queues/q/dlq/3/retry");
    assert.equal(routeOf({ cmd: "NOPE" }), null);
  });
  test("route data becomes the TCP reply shape", () => {
    assert.deepEqual(replyOf({ cmd: "PULL", queue: "q" }, [{ id: 1 }]), { ok: true, job: { id: 1 } });
    assert.deepEqual(replyOf({ cmd: "PULL", queue: "q" }, []), { ok: true, job: null });
    assert.deepEqual(replyOf({ cmd: "GETPROGRESS", id: 4 }, [50, "half"]), {
      ok: true,
      progress: { id: 4, progress: 50, message: "half" },
    });
    assert.deepEqual(replyOf({ cmd: "GETJOB", id: 1 }, { id: 1, queue: "q", state: "waiting" }), {
      ok: true,
      job: { id: 1, queue: "q" },
      state: "waiting",
    });
    assert.deepEqual(replyOf({ cmd: "DRAIN", queue: "q" }, 3), { ok: true, count: 3 });
    assert.deepEqual(replyOf({ cmd: "METRICS" }, { total_pushed: 1 }), { ok: true, metrics: { total_pushed: 1 } });
  });
});

describe("emitter", () => {
  test("on, once, off, listener errors", () => {
    const e = new Emitter();
    const got: unknown[] = [];
    const f = (x: unknown) => got.push(x);
    e.on("a", f);
    e.once("a", (x: unknown) => got.push(`once:${x}`));
    e.emit("a", 1);
    e.emit("a", 2);
    e.off("a", f);
    e.emit("a", 3);
    assert.deepEqual(got, [1, "once:1", 2]);
    const errors: unknown[] = [];
    e.on("error", (err: unknown) => errors.push(err));
    e.on("b", () => {
      throw new Error("listener bug");
    });
    e.emit("b");
    assert.equal(errors.length, 1);
    assert.equal(e.listenerCount("a"), 0);
  });
});
