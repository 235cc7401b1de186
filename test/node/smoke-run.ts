/**
 * Shared body of the per-runtime smoke tests: spawn the real server entry with
 * PORT/HTTP_PORT set to free ports, wait until it listens, do push → pull → ack over
 * TCP (also gzip'd, and MessagePack payloads kept as received) and over HTTP, receive an event over WebSocket, WebSocket
 * keep-alive (small limits from WS_* variables), then SIGTERM and expect exit 0.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { WireClient } from "./tcp-wire-client.ts";
import { collect, openWs } from "./server-ws-client.ts";

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Run the smoke suite against `command args…` (cwd = repo root). */
export function smokeSuite(runtime: string, command: string, args: string[]): void {
  describe(`smoke: ${runtime} server`, () => {
    let child: ChildProcess;
    let tcpPort: number;
    let httpPort: number;
    let output = "";
    let exited: Promise<number | null>;

    before(async () => {
      tcpPort = await freePort();
      httpPort = await freePort();
      child = spawn(command, args, {
        env: {
          ...process.env, PORT: String(tcpPort), HTTP_PORT: String(httpPort), HOST: "127.0.0.1",
          WS_PING_INTERVAL_MS: "100", WS_IDLE_TIMEOUT_MS: "1000",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        const onOut = (d: Buffer) => {
          output += d.toString();
          if (output.includes("listening")) resolve();
        };
        child.stdout!.on("data", onOut);
        child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
        child.once("exit", (code) => reject(new Error(`${runtime} server exited early (${code}):\n${output}`)));
      });
    });

    after(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    });

    test("push → pull → ack over TCP", async () => {
      const c = await WireClient.open("json", tcpPort);
      try {
        const { id } = await c.ok({ cmd: "PUSH", queue: "smoke", data: { via: "tcp" } });
        const { job } = await c.ok({ cmd: "PULL", queue: "smoke", timeout: 5000 });
        assert.equal((job as { id: number }).id, id);
        await c.ok({ cmd: "ACK", id, result: "ok" });
        assert.equal((await c.ok({ cmd: "GETSTATE", id })).state, "completed");
      } finally {
        await c.close();
      }
    });

    test("MessagePack payloads kept as received come back intact (records and plain, JSON too)", async () => {
      const c = await WireClient.open("msgpack", tcpPort);
      const j = await WireClient.open("json", tcpPort);
      try {
        // 64+ bytes each: kept as the bytes received; `n` 64–127 rules out record replies.
        const payload = (i: number) => ({ order: `ord_${i}`, note: "ünïcödé ☃ ".repeat(6), items: [{ sku: "SKU-1", qty: i + 1 }], n: i % 2 ? 100 : 1 });
        const { ids } = await c.ok({ cmd: "PUSHB", queue: "smoke-raw", jobs: [0, 1, 2, 3].map((i) => ({ data: payload(i) })) });
        const first = (await j.ok({ cmd: "GETJOB", id: (ids as number[])[0] })).job as { data: unknown };
        assert.deepEqual(first.data, payload(0));
        const safe = (await c.ok({ cmd: "PULLB", queue: "smoke-raw", count: 1, timeout: 1000, records: true })).jobs as { data: unknown }[];
        assert.deepEqual(safe.map((x) => x.data), [payload(0)]);
        const rest = (await c.ok({ cmd: "PULLB", queue: "smoke-raw", count: 3, timeout: 1000, records: true })).jobs as { data: unknown }[];
        assert.deepEqual(rest.map((x) => x.data), [1, 2, 3].map(payload));
      } finally {
        await c.close();
        await j.close();
      }
    });

    test("a gzip'd command (`_compressed`) is inflated (node:zlib on this runtime)", async () => {
      const c = await WireClient.open("json", tcpPort);
      try {
        const data = { text: "smoke ".repeat(1000) };
        const packed = gzipSync(JSON.stringify({ cmd: "PUSH", queue: "smoke-gz", data })).toString("base64");
        const { id } = await c.ok({ cmd: "PUSH", _compressed: packed });
        assert.deepEqual(((await c.ok({ cmd: "GETJOB", id })).job as { data: unknown }).data, data);
        const bomb = gzipSync(Buffer.alloc(17 * 1024 * 1024, 32)).toString("base64");
        const r = await c.call({ cmd: "PUSH", _compressed: bomb });
        assert.equal(r.ok, false);
        assert.match(String(r.error), /_compressed.*more than/);
        await c.ok({ cmd: "PING" });
      } finally {
        await c.close();
      }
    });

    test("push → pull → ack over HTTP", async () => {
      const base = `http://127.0.0.1:${httpPort}`;
      const json = async (r: Promise<Response>) => (await (await r).json()) as { ok: boolean; data: any };
      const pushed = await json(fetch(`${base}/queues/smoke-http/jobs`, { method: "POST", body: JSON.stringify({ data: { via: "http" } }), headers: { "Content-Type": "application/json" } }));
      assert.equal(pushed.ok, true);
      const pulled = await json(fetch(`${base}/queues/smoke-http/jobs?count=1&timeout=5000`));
      assert.equal(pulled.data[0].id, pushed.data.id);
      const acked = await json(fetch(`${base}/jobs/${pushed.data.id}/ack`, { method: "POST", body: JSON.stringify({ result: 1 }) }));
      assert.equal(acked.ok, true);
      const state = await json(fetch(`${base}/jobs/${pushed.data.id}/state`));
      assert.equal(state.data.state, "completed");
    });

    test("an event arrives over WebSocket", async () => {
      const { ws, status } = await openWs(`ws://127.0.0.1:${httpPort}/ws/smoke-ws`);
      assert.equal(status, 101);
      const inbox = collect(ws);
      const c = await WireClient.open("msgpack", tcpPort);
      try {
        const { id } = await c.ok({ cmd: "PUSH", queue: "smoke-ws", data: 1 });
        const msgs = await inbox.until((m) => m.some((e) => e.job_id === id));
        assert.equal(msgs.find((e) => e.job_id === id)!.event_type, "pushed");
      } finally {
        ws.close();
        await c.close();
      }
    });

    test("WebSocket keep-alive: pings answered keep a socket open past the idle limit", async () => {
      const { ws, status } = await openWs(`ws://127.0.0.1:${httpPort}/ws/smoke-ka`);
      assert.equal(status, 101);
      const inbox = collect(ws);
      try {
        // Node and Bun ping every 100 ms; Deno pings a socket quiet for half the idle limit.
        // 12 pings span more than the 1000 ms idle limit either way.
        const pinged = new Promise<void>((resolve) => {
          let n = 0;
          ws.on("ping", () => ++n === 12 && resolve());
        });
        let done = false;
        const closed = inbox.untilClosed().then((code) => {
          if (!done) assert.fail(`closed (${code}) while answering pings`);
        });
        await Promise.race([pinged, closed]);
        done = true;
        assert.equal(inbox.closed, null);
      } finally {
        ws.close();
      }
    });

    test("WebSocket keep-alive: a socket that never answers is closed (1001)", async () => {
      const { ws, status } = await openWs(`ws://127.0.0.1:${httpPort}/ws/smoke-idle`, undefined, { autoPong: false });
      assert.equal(status, 101);
      assert.equal(await collect(ws).untilClosed(), 1001);
    });

    test("SIGTERM shuts down cleanly with exit code 0", async () => {
      child.kill("SIGTERM");
      assert.equal(await exited, 0, output);
    });
  });
}
