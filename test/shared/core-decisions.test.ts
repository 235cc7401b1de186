/** Pure decision functions: retry/backoff, token bucket, dependency release (table tests). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay, decideFailure } from "../../core/decisions/retry.ts";
import { msUntilToken, newBucket, returnTokens, takeTokens } from "../../core/decisions/rate-limit.ts";
import { countBlocking, isParentReleased, isReleased } from "../../core/decisions/dependencies.ts";

describe("decision: retry or dead-letter", () => {
  const table: [attempts: number, max: number, backoff: number, type: "exponential" | "fixed", expected: ReturnType<typeof decideFailure>][] = [
    [1, 0, 0, "exponential", { action: "retry", delayMs: 0 }],
    [1, 3, 1000, "exponential", { action: "retry", delayMs: 1000 }],
    [2, 3, 1000, "exponential", { action: "retry", delayMs: 2000 }],
    [3, 3, 1000, "exponential", { action: "dlq" }],
    [4, 3, 1000, "exponential", { action: "dlq" }],
    [5, 10, 100, "fixed", { action: "retry", delayMs: 100 }],
    [1, 1, 100, "fixed", { action: "dlq" }],
    [50, 0, 10, "exponential", { action: "retry", delayMs: 10 * 2 ** 20 }],
  ];
  for (const [attempts, max, backoff, type, expected] of table) {
    it(`attempts=${attempts} max=${max} backoff=${backoff} ${type}`, () => {
      assert.deepEqual(decideFailure(attempts, max, backoff, type), expected);
    });
  }

  it("backoffDelay is 0 without a backoff", () => {
    assert.equal(backoffDelay(0, "exponential", 5), 0);
    assert.equal(backoffDelay(0, "fixed", 5), 0);
  });
});

describe("decision: token bucket", () => {
  it("starts full, grants whole tokens and refills at limit/s", () => {
    const b = newBucket(10, 0);
    assert.equal(takeTokens(b, 10, 4, 0), 4);
    assert.equal(takeTokens(b, 10, 100, 0), 6);
    assert.equal(takeTokens(b, 10, 1, 0), 0);
    assert.equal(msUntilToken(b, 10, 0), 100);
    assert.equal(takeTokens(b, 10, 1, 99), 0);
    assert.equal(takeTokens(b, 10, 1, 100), 1);
    assert.equal(takeTokens(b, 10, 100, 10_000), 10, "capacity caps the refill");
  });

  it("returned tokens are available again, up to capacity", () => {
    const b = newBucket(2, 0);
    assert.equal(takeTokens(b, 2, 2, 0), 2);
    returnTokens(b, 2, 5);
    assert.equal(takeTokens(b, 2, 5, 0), 2);
  });

  it("fractional limits work (one job every 2 s)", () => {
    const b = newBucket(0.5, 0);
    assert.equal(takeTokens(b, 0.5, 5, 0), 1, "capacity is at least one job");
    assert.equal(msUntilToken(b, 0.5, 0), 2000);
    assert.equal(takeTokens(b, 0.5, 1, 1999), 0);
    assert.equal(takeTokens(b, 0.5, 1, 2000), 1);
  });
});

describe("decision: dependency release", () => {
  const table: [statuses: ("completed" | "pending" | "failed" | "unknown")[], blocking: number][] = [
    [[], 0],
    [["completed", "completed"], 0],
    [["pending"], 1],
    [["completed", "pending", "failed"], 2],
    [["unknown"], 0],
  ];
  for (const [statuses, blocking] of table) {
    it(`${JSON.stringify(statuses)} → ${blocking} blocking`, () => {
      assert.equal(countBlocking(statuses), blocking);
      assert.equal(isReleased(blocking), blocking === 0);
    });
  }
  it("a flow parent is released when every child completed", () => {
    assert.equal(isParentReleased(1, 2), false);
    assert.equal(isParentReleased(2, 2), true);
  });
});
