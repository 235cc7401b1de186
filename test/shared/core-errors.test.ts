/** Core engine: bad input gives typed errors with a code and `retryable` — never a crash, never a silent fix. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEngine } from "./helpers/engine.ts";
import {
  FlashQError,
  ValidationError,
  errorToWire,
  validateQueueName,
  MAX_BATCH_SIZE,
} from "../../core/index.ts";

function isValidation(field?: string) {
  return (e: unknown) => e instanceof ValidationError && e.code === "VALIDATION_ERROR" && e.retryable === false && (field === undefined || e.field === field);
}

describe("core: bad input", () => {
  it("invalid queue names", async () => {
    const { engine } = await startEngine();
    assert.throws(() => engine.push("", { data: 1 }), /cannot be empty/);
    assert.throws(() => engine.push("a".repeat(257), { data: 1 }), /too long/);
    assert.throws(() => engine.push("has space", { data: 1 }), isValidation("queue"));
    assert.throws(() => engine.push("slash/no", { data: 1 }), isValidation("queue"));
    validateQueueName("ok-name_1.v2");
    assert.throws(() => engine.pull("bad name", { count: 1, timeoutMs: 0 }), isValidation("queue"));
  });

  it("negative or non-numeric durations and priorities", async () => {
    const { engine } = await startEngine();
    assert.throws(() => engine.push("q", { data: 1, delay: -1 }), isValidation("delay"));
    assert.throws(() => engine.push("q", { data: 1, ttl: -5 }), isValidation("ttl"));
    assert.throws(() => engine.push("q", { data: 1, timeout: Number.NaN }), isValidation("timeout"));
    assert.throws(() => engine.push("q", { data: 1, priority: Infinity }), isValidation("priority"));
    assert.throws(() => engine.push("q", { data: 1, max_attempts: -1 }), isValidation("max_attempts"));
    assert.throws(() => engine.push("q", { data: 1, backoff: { type: "linear", delay: 1 } as never }), isValidation("backoff"));
    assert.throws(() => engine.push("q", { data: 1, tags: [1] as unknown as string[] }), isValidation("tags"));
    assert.throws(() => engine.push("q", { data: 1, unique_key: "" }), isValidation("unique_key"));
    assert.equal(engine.count("q"), 0, "nothing was pushed");
  });

  it("cyclic data is a ValidationError, not a crash", async () => {
    const { engine } = await startEngine();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => engine.push("q", { data: cyclic }), isValidation("data"));
  });

  it("batches over 1000 items", async () => {
    const { engine } = await startEngine();
    const many = Array.from({ length: MAX_BATCH_SIZE + 1 }, (_, i) => ({ data: i }));
    assert.throws(() => engine.pushBatch("q", many), isValidation("jobs"));
    assert.throws(() => engine.ackBatch(many.map((_, i) => i + 1)), isValidation("ids"));
    assert.throws(() => engine.tryPull("q", MAX_BATCH_SIZE + 1), isValidation("count"));
    assert.throws(() => engine.tryPull("q", 0), isValidation("count"));
    assert.equal(engine.pushBatch("q", many.slice(0, MAX_BATCH_SIZE)).length, MAX_BATCH_SIZE);
  });

  it("errors serialise to the wire with code and retryable", () => {
    const w = errorToWire(new ValidationError("Queue name cannot be empty", "queue"));
    assert.deepEqual(w, { error: "Queue name cannot be empty", code: "VALIDATION_ERROR", retryable: false, field: "queue" });
    const t = errorToWire(new FlashQError("Timeout waiting for job 1 after 5ms", "WAIT_TIMEOUT", true, { jobId: 1 }));
    assert.equal(t.retryable, true);
    assert.equal(t.jobId, 1);
  });
});
