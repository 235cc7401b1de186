/**
 * Commit before reply, end to end: a real server process with durable storage
 * (embedded PGlite in a temp directory) answers a TCP PUSH/PUSHB/ACK; the process is
 * then killed with SIGKILL; a new process on the same directory still has every
 * answered change.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WireClient } from "./tcp-wire-client.ts";
import { freePort } from "./smoke-run.ts";

const dir = mkdtempSync(join(tmpdir(), "flashq-durable-"));
const children: ChildProcess[] = [];

async function startChild(): Promise<{ child: ChildProcess; port: number; exited: Promise<unknown> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "adapters/node.ts"], {
    env: { ...process.env, PORT: String(port), HTTP_PORT: "-1", HOST: "127.0.0.1", DATABASE_URL: `pglite://${dir}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const exited = new Promise((r) => child.once("exit", r));
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("listening")) resolve();
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => reject(new Error(`server exited early (${code}):\n${out}`)));
  });
  return { child, port, exited };
}

type Child = Awaited<ReturnType<typeof startChild>>;

/** SIGKILL `first` (its client `c` closed after), then a new server on the same directory and a client of it. */
async function crashAndRestart(first: Child, c: WireClient): Promise<{ second: Child; d: WireClient }> {
  first.child.kill("SIGKILL");
  await first.exited;
  await c.close();
  const second = await startChild();
  return { second, d: await WireClient.open("msgpack", second.port) };
}

async function stop(run: Child, d: WireClient): Promise<void> {
  await d.close();
  run.child.kill("SIGTERM");
  await run.exited;
}

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("durable server (DATABASE_URL=pglite://dir)", () => {
  test("answered changes survive SIGKILL", async () => {
    const first = await startChild();
    const c = await WireClient.open("msgpack", first.port);
    const { id } = await c.ok({ cmd: "PUSH", queue: "dur", data: { keep: 1 } });
    const { ids } = await c.ok({ cmd: "PUSHB", queue: "dur", jobs: [{ data: 1 }, { data: 2 }] });
    const done = await c.ok({ cmd: "PUSH", queue: "dur-done", data: "x" });
    await c.ok({ cmd: "PULL", queue: "dur-done", timeout: 1000 });
    await c.ok({ cmd: "ACK", id: done.id, result: "kept" });
    const { second, d } = await crashAndRestart(first, c);
    try {
      const got = await d.ok({ cmd: "GETJOB", id });
      assert.deepEqual((got.job as { data: unknown }).data, { keep: 1 });
      assert.equal(got.state, "waiting");
      for (const other of ids as number[]) assert.equal((await d.ok({ cmd: "GETSTATE", id: other })).state, "waiting");
      assert.equal((await d.ok({ cmd: "GETSTATE", id: done.id })).state, "completed");
      assert.equal((await d.ok({ cmd: "GETRESULT", id: done.id })).result, "kept");
      const again = await d.ok({ cmd: "PUSH", queue: "dur", data: 3 });
      assert.ok((again.id as number) > Math.max(id as number, done.id as number), "ids continue above the stored ones");
    } finally {
      await stop(second, d);
    }
  });

  test("payloads kept as received are stored as their values and survive SIGKILL", async () => {
    const payload = (i: number) => ({ order: `ord_${i}`, items: [{ sku: "SKU-1", qty: 64 + i, price: 9.99 }], note: "ünïcödé ☃ ".repeat(8) });
    const first = await startChild();
    const c = await WireClient.open("msgpack", first.port);
    const { ids } = await c.ok({ cmd: "PUSHB", queue: "dur-raw", jobs: [0, 1, 2].map((i) => ({ data: payload(i) })) });
    const { second, d } = await crashAndRestart(first, c);
    try {
      for (const [i, id] of (ids as number[]).entries()) assert.deepEqual(((await d.ok({ cmd: "GETJOB", id })).job as { data: unknown }).data, payload(i));
      const pulled = (await d.ok({ cmd: "PULLB", queue: "dur-raw", count: 3, timeout: 1000, records: true })).jobs as { data: unknown }[];
      assert.deepEqual(pulled.map((j) => j.data), [0, 1, 2].map(payload));
    } finally {
      await stop(second, d);
    }
  });
});
