/**
 * The benchmark harness's pure helpers (bench/lib): percentiles, option parsing, the result
 * table with targets, frame splitting and CPU-profile summaries. No benchmark runs here and
 * nothing is timed.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { percentile, summariseLatency, fmtRatio } from "../../bench/lib/stats.ts";
import { parseArgs, wants } from "../../bench/lib/args.ts";
import { meets, ratioOf, renderTable, type Row } from "../../bench/lib/table.ts";
import { compareRows } from "../../bench/lib/rows.ts";
import { encodeFrame, FrameReader } from "../../bench/lib/frame-client.ts";
import { profilesIn, summariseProfile } from "../../bench/lib/cpuprofile.ts";

describe("bench stats", () => {
  test("nearest-rank percentiles", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.ok(Number.isNaN(percentile(new Float64Array(0), 50)));
  });

  test("latency summary converts ms samples to µs", () => {
    const s = summariseLatency([0.1, 0.2, 0.3, 0.4]);
    assert.equal(s.samples, 4);
    assert.equal(s.p50Us, 200);
    assert.equal(s.maxUs, 400);
    assert.equal(s.meanUs, 250);
  });

  test("ratios format with two decimals under 10", () => {
    assert.equal(fmtRatio(1.234), "1.23×");
    assert.equal(fmtRatio(25.04), "25.0×");
    assert.equal(fmtRatio(undefined), "—");
  });
});

describe("bench options", () => {
  test("defaults run everything against BullMQ and PostgreSQL", () => {
    const a = parseArgs([]);
    assert.equal(a.only, null);
    assert.equal(a.bullmq, true);
    assert.equal(a.pg, true);
    assert.equal(wants(a, "memory"), true);
  });

  test("--only, --quick, --no-bullmq, --runtime", () => {
    const a = parseArgs(["--only=batch,single", "--quick", "--no-bullmq", "--runtime=bun"]);
    assert.deepEqual([...(a.only ?? [])], ["batch", "single"]);
    assert.equal(wants(a, "single"), true);
    assert.equal(wants(a, "processing"), false);
    assert.equal(a.quick, true);
    assert.equal(a.bullmq, false);
    assert.equal(a.runtime, "bun");
  });

  test("unknown options and sections are rejected", () => {
    assert.throws(() => parseArgs(["--fast"]), /unknown option/);
    assert.throws(() => parseArgs(["--only=batch,nope"]), /unknown section "nope"/);
  });
});

describe("bench table", () => {
  test("ratio goals and absolute goals", () => {
    const fast: Row = { workload: "w", metric: "jobs/s", ours: 260, bull: 10, goal: { kind: "ratio-min", value: 25 } };
    assert.equal(ratioOf(fast), 26);
    assert.equal(meets(fast), true);
    assert.equal(meets({ ...fast, ours: 240 }), false);
    assert.equal(meets({ workload: "m", metric: "B", ours: 150, goal: { kind: "abs-max", value: 200, unit: "B" } }), true);
    assert.equal(meets({ workload: "e", metric: "p99", ours: 50, bull: 100, goal: { kind: "ratio-max", value: 0.4 } }), false);
    assert.equal(meets({ workload: "x", metric: "y", ours: 1 }), undefined);
  });

  test("rows from results: targets attached, errors shown, missing BullMQ leaves the ratio empty", () => {
    const rows = compareRows(
      { batch: { value: { jobs: 100, batchSize: 10, ms: 1, jobsPerSec: 1_000_000 } }, e2e: { error: "boom" } },
      { batch: { value: { jobs: 100, batchSize: 10, ms: 25, jobsPerSec: 40_000 } } },
    );
    const batch = rows.find((r) => r.workload === "batch push" && r.metric === "jobs/s");
    assert.equal(batch?.ours, 1_000_000);
    assert.equal(meets(batch!), true);
    const e2e = rows.filter((r) => r.workload === "end-to-end");
    assert.equal(e2e.length, 2);
    assert.equal(e2e[0].error, "boom");
    const text = renderTable(rows);
    assert.match(text, /\| batch push +\| jobs\/s +\| 1,000,000 +\| 40,000 +\| 25\.0× +\| ≥ 25× +\| yes/);
    assert.match(text, /error: boom/);
  });
});

describe("bench framing", () => {
  test("frames split across chunks and several frames in one chunk", () => {
    const got: unknown[] = [];
    const reader = new FrameReader((m) => got.push(m));
    const a = encodeFrame({ reqId: "1", ok: true });
    const b = encodeFrame({ reqId: "2", ids: [1, 2, 3] });
    const all = Buffer.concat([a, b]);
    reader.push(all.subarray(0, 3));
    reader.push(all.subarray(3, a.length + 2));
    assert.equal(got.length, 1);
    reader.push(all.subarray(a.length + 2));
    assert.deepEqual(got, [{ reqId: "1", ok: true }, { reqId: "2", ids: [1, 2, 3] }]);
  });
});

describe("bench CPU profile summary", () => {
  test("self time per function, other threads' files left out", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-prof-"));
    try {
      const profile = {
        nodes: [
          { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1 } },
          { id: 2, callFrame: { functionName: "hot", url: "file:///x/core/push.ts", lineNumber: 9 } },
          { id: 3, callFrame: { functionName: "(idle)", url: "", lineNumber: -1 } },
        ],
        samples: [2, 2, 2, 3],
        timeDeltas: [1000, 1000, 1000, 1000],
        startTime: 0,
        endTime: 4000,
      };
      writeFileSync(join(dir, "server-batch.cpuprofile"), JSON.stringify(profile));
      writeFileSync(join(dir, "CPU.20260101.000000.1.1.002.cpuprofile"), JSON.stringify(profile));
      const files = profilesIn(dir);
      assert.equal(files.length, 1);
      const s = summariseProfile(files[0]);
      assert.equal(s.totalMs, 4);
      assert.equal(s.top[0].name, "hot");
      assert.equal(s.top[0].pct, 75);
      assert.equal(s.top[0].where, "core/push.ts:10");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
