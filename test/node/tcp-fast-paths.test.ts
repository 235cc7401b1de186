/**
 * The zod-free hot paths of ACKB / PULL / PULLB (adapters/protocol/fast-paths.ts):
 * well-formed requests behave as before, malformed ones still get the schema's
 * precise VALIDATION_ERROR (both framings).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { WireClient, type Mode } from "./tcp-wire-client.ts";

let server: RunningServer;
before(async () => {
  server = await startServer({ port: 0, httpPort: -1 });
});
after(async () => {
  await server.close();
});

for (const mode of ["json", "msgpack"] as Mode[]) {
  describe(`fast paths (${mode})`, () => {
    let c: WireClient;
    const q = `fast-${mode}`;
    before(async () => {
      c = await WireClient.open(mode, server.tcpPort);
    });
    after(() => c.close());

    test("PULLB, PULL, ACKB with results", async () => {
      await c.ok({ cmd: "PUSHB", queue: q, jobs: [{ data: 1 }, { data: 2 }, { data: 3 }] });
      const jobs = (await c.ok({ cmd: "PULLB", queue: q, count: 2, timeout: null })).jobs as { id: number; data: number }[];
      assert.deepEqual(jobs.map((j) => j.data), [1, 2]);
      const one = (await c.ok({ cmd: "PULL", queue: q })).job as { id: number; data: number };
      assert.equal(one.data, 3);
      const ids = [...jobs.map((j) => j.id), one.id];
      const acked = await c.ok({ cmd: "ACKB", ids, results: ["a", null, { r: 3 }] });
      assert.equal(acked.count, 3);
      assert.equal((await c.ok({ cmd: "GETRESULT", id: ids[0] })).result, "a");
      assert.deepEqual((await c.ok({ cmd: "GETRESULT", id: ids[2] })).result, { r: 3 });
      assert.equal((await c.ok({ cmd: "GETSTATE", id: ids[1] })).state, "completed");
      assert.deepEqual((await c.ok({ cmd: "PULLB", queue: q, count: 5, timeout: 0 })).jobs, []);
      assert.equal((await c.ok({ cmd: "PULL", queue: q, timeout: 0 })).job, null);
    });

    test("a blocking PULLB answers when a job arrives", async () => {
      const waiting = c.ok({ cmd: "PULLB", queue: `${q}-block`, count: 3, timeout: 30_000 });
      await c.ok({ cmd: "PUSH", queue: `${q}-block`, data: "late" });
      const jobs = (await waiting).jobs as { data: string }[];
      assert.deepEqual(jobs.map((j) => j.data), ["late"]);
    });

    test("a PULLB blocked on one connection is answered, records and all, by a push on another", async () => {
      const other = await WireClient.open(mode, server.tcpPort);
      try {
        const qq = `${q}-cross`;
        const plain = c.ok({ cmd: "PULLB", queue: qq, count: 2, timeout: 30_000 });
        const rec = c.ok({ cmd: "PULLB", queue: qq, count: 2, timeout: 30_000, records: true });
        await other.ok({ cmd: "PUSH", queue: qq, data: { n: 1 } });
        await other.ok({ cmd: "PUSH", queue: qq, data: { n: 2 } });
        const [a, b] = [(await plain).jobs as { data: unknown }[], (await rec).jobs as { data: unknown }[]];
        assert.deepEqual(a.map((j) => j.data), [{ n: 1 }]);
        assert.deepEqual(b.map((j) => j.data), [{ n: 2 }]);
        assert.deepEqual(Object.keys(b[0]!), Object.keys(a[0]!));
        const timedOut = await c.ok({ cmd: "PULL", queue: qq, timeout: 20 });
        assert.equal(timedOut.job, null);
      } finally {
        other.close();
      }
    });

    const bad: [string, Record<string, unknown>, string][] = [
      ["ACKB ids not an array", { cmd: "ACKB", ids: 5 }, "ids"],
      ["ACKB negative id", { cmd: "ACKB", ids: [1, -2] }, "ids"],
      ["ACKB fractional id", { cmd: "ACKB", ids: [1.5] }, "ids"],
      ["ACKB results not an array", { cmd: "ACKB", ids: [1], results: "x" }, "results"],
      ["PULLB count missing", { cmd: "PULLB", queue: q }, "count"],
      ["PULLB negative count", { cmd: "PULLB", queue: q, count: -1 }, "count"],
      ["PULLB timeout not a number", { cmd: "PULLB", queue: q, count: 1, timeout: "soon" }, "timeout"],
      ["PULL queue missing", { cmd: "PULL", timeout: 0 }, "queue"],
      ["PULL negative timeout", { cmd: "PULL", queue: q, timeout: -5 }, "timeout"],
    ];
    for (const [name, msg, field] of bad) {
      test(`${name} → VALIDATION_ERROR naming '${field}'`, async () => {
        const r = await c.call(msg);
        assert.equal(r.ok, false);
        assert.equal(r.code, "VALIDATION_ERROR");
        assert.match(String(r.field ?? r.error), new RegExp(field));
      });
    }
  });
}
