/**
 * Payloads kept as received, end to end over real sockets: the SDK pushes large
 * payloads over MessagePack, the server keeps their bytes (adapters/tcp/push-frame.ts),
 * and every way of reading a job back gives the pushed value — a MessagePack Worker
 * (record replies), the SDK over JSON and over HTTP, plain PULL replies in both
 * framings, and the REST API. A bad field next to a kept payload still gets the
 * precise error naming it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { FlashQ, Worker } from "../../client/index.ts";
import { RawData } from "../../adapters/tcp/raw-data.ts";
import { MODES, conn, qname, start, until, type RunningServer } from "./client-helpers.ts";
import { WireClient } from "./tcp-wire-client.ts";

function order(i: number): Record<string, unknown> {
  return {
    orderId: `ord_${i}`,
    customer: { id: 1000 + i, email: `user${i}@example.com`, name: "Ada Lovelace", tier: i % 2 ? "gold" : null },
    items: Array.from({ length: 1 + (i % 4) }, (_, k) => ({ sku: `SKU-${k}`, qty: k + 1, price: 19.99 * (k + 1) })),
    total: 82.23 + i,
    big: 2 ** 40 + i,
    notes: "Leave the parcel at the door — merci, ☃, 𝄞.",
    flags: { gift: false, express: true },
    // Some payloads hold ints 64–127, which cannot go into record replies verbatim.
    ...(i % 3 === 0 ? { score: 64 + i } : {}),
  };
}

describe("payloads kept as received", { timeout: 30000 }, () => {
  let server: RunningServer;
  before(async () => {
    server = await start();
  });
  after(async () => {
    await server?.close();
  });

  test("pushed over MessagePack, the same value every way it is read", async () => {
    const q = qname("raw");
    const bin = new FlashQ(conn(server, { useBinary: true }));
    const payloads = Array.from({ length: 40 }, (_, i) => order(i));
    try {
      const first = await bin.push(q, payloads[0]);
      const rest = await bin.pushBatch(q, payloads.slice(1).map((data) => ({ data })));
      const ids = [first.id, ...rest];
      assert.equal(ids.length, 40);
      for (const id of ids) assert.ok(server.engine.getJob(id)!.job.data instanceof RawData, `job ${id} is held as received`);

      for (const mode of MODES) {
        const c = new FlashQ(conn(server, mode.options));
        try {
          assert.deepEqual((await c.getJob(ids[7]!))?.job.data, payloads[7], mode.name);
        } finally {
          await c.close();
        }
      }
      const rest0 = await fetch(`http://127.0.0.1:${server.httpPort}/jobs/${ids[3]}`).then((r) => r.json() as Promise<{ data: { job: { data: unknown } } }>);
      assert.deepEqual(rest0.data.job.data, payloads[3]);

      // Plain (non-record) PULL replies, both framings.
      for (const mode of ["msgpack", "json"] as const) {
        const w = await WireClient.open(mode, server.tcpPort);
        try {
          const pulled = (await w.ok({ cmd: "PULL", queue: q, timeout: 0 })).job as { id: number; data: unknown };
          assert.deepEqual(pulled.data, payloads[ids.indexOf(pulled.id)], mode);
          await w.ok({ cmd: "MOVETODELAYED", id: pulled.id, delay: 0 });
        } finally {
          await w.close();
        }
      }

      const seen = new Map<number, unknown>();
      const worker = new Worker(q, async (job) => void seen.set(job.id, job.data), { ...conn(server, { useBinary: true }), concurrency: 8 });
      try {
        await until(() => seen.size === ids.length);
      } finally {
        await worker.close();
      }
      for (let i = 0; i < ids.length; i++) assert.deepEqual(seen.get(ids[i]!), payloads[i], `job ${i}`);
    } finally {
      await bin.close();
    }
  });

  test("a bad field next to a kept payload is named, as before", async () => {
    const c = await WireClient.open("msgpack", server.tcpPort);
    const q = qname("raw-bad");
    try {
      const one = await c.call({ cmd: "PUSH", queue: q, data: order(1), priority: "high" });
      assert.equal(one.ok, false);
      assert.equal(one.field, "priority");
      const batch = await c.call({ cmd: "PUSHB", queue: q, jobs: [{ data: order(1) }, { data: order(2), delay: -5 }] });
      assert.equal(batch.ok, false);
      assert.equal(batch.field, "jobs.1.delay");
      const ok = await c.ok({ cmd: "PUSHB", queue: q, jobs: [{ data: order(3), priority: 2 }, { data: order(4) }] });
      assert.equal((ok.ids as number[]).length, 2);
      assert.equal(server.engine.getJob((ok.ids as number[])[0]!)!.job.priority, 2);
    } finally {
      await c.close();
    }
  });
});
