/**
 * Client options against the real server: Unix socket, request timeout, automatic
 * retry across a restart, request-id tracking, log level, gzip compression.
 */
import { describe, mock, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FlashQ, TimeoutError, type PushHookContext } from "../../client/index.ts";
import { conn, qname, start } from "./client-helpers.ts";

describe("client options", { timeout: 30000 }, () => {
  test("socketPath: the protocol over a Unix socket", async () => {
    const path = join(tmpdir(), `flashq-client-${process.pid}.sock`);
    const server = await start({ unixSocket: path });
    const client = new FlashQ({ socketPath: path, useBinary: true });
    try {
      const q = qname("us");
      const job = await client.push(q, { via: "unix" });
      const pulled = await client.pull(q, 1000);
      assert.equal(pulled?.id, job.id);
    } finally {
      await client.close();
      await server.close();
    }
  });

  test("timeout: a request without an answer rejects with TimeoutError", async () => {
    // A peer that accepts connections and never answers (the server cannot be made to stall).
    const accepted = new Set<Socket>();
    const silent: Server = createServer((s) => void accepted.add(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    const client = new FlashQ({ host: "127.0.0.1", port, timeout: 100, autoReconnect: false });
    try {
      await assert.rejects(client.stats(), (e: unknown) => e instanceof TimeoutError && e.timeoutMs === 100 && e.retryable);
    } finally {
      await client.close();
      for (const s of accepted) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  test("retry: requests made while the server restarts succeed once it is back", async () => {
    const first = await start();
    const retries: number[] = [];
    const client = new FlashQ({
      ...conn(first),
      reconnectDelay: 20,
      maxReconnectDelay: 50,
      maxReconnectAttempts: 0,
      retry: { enabled: true, maxRetries: 50, initialDelay: 20, maxDelay: 50, onRetry: (_e, attempt) => retries.push(attempt) },
    });
    let second: Awaited<ReturnType<typeof start>> | undefined;
    try {
      const q = qname("rt");
      await client.push(q, 1);
      const lost = new Promise((r) => client.once("disconnect", r));
      await first.close();
      await lost;
      const pending = client.push(q, 2);
      await new Promise<void>((r) => {
        const check = () => (retries.length > 0 ? r() : setTimeout(check, 5));
        check();
      });
      second = await start({ port: first.tcpPort, httpPort: 0 });
      const job = await pending;
      assert.equal(typeof job.id, "number");
      assert.ok(retries.length >= 1);
    } finally {
      await client.close();
      await second?.close();
    }
  });

  test("trackRequestIds and logLevel: hook contexts carry the request id; debug logs name it", async () => {
    const server = await start();
    const logged: string[] = [];
    const spy = mock.method(console, "log", (...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    const ids: Array<string | undefined> = [];
    const client = new FlashQ({
      ...conn(server),
      trackRequestIds: true,
      logLevel: "debug",
      hooks: { onPushComplete: (ctx: PushHookContext) => void ids.push(ctx.requestId) },
    });
    try {
      await client.push(qname("tr"), 1);
      await client.push(qname("tr"), 2);
    } finally {
      spy.mock.restore();
      await client.close();
      await server.close();
    }
    assert.equal(ids.length, 2);
    assert.ok(ids.every((id) => typeof id === "string" && id.length > 0));
    assert.notEqual(ids[0], ids[1]);
    assert.ok(logged.some((l) => l.includes("DEBUG") && l.includes("PUSH")), logged.join("\n"));
    assert.ok(logged.some((l) => l.includes("[flashq]") && l.includes("INFO Connected")), logged.join("\n"));
  });

  test("compression: large commands are sent gzip'd and arrive intact", async () => {
    const server = await start();
    const client = new FlashQ({ ...conn(server), compression: true, compressionThreshold: 256 });
    try {
      const q = qname("gz");
      const data = { text: "flashq ".repeat(2000), n: [1, 2, 3] };
      const job = await client.push(q, data);
      assert.deepEqual((await client.getJob(job.id))?.job.data, data);
      const small = await client.push(q, { tiny: true });
      assert.deepEqual((await client.getJob(small.id))?.job.data, { tiny: true });
    } finally {
      await client.close();
      await server.close();
    }
  });
});
