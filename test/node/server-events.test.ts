/**
 * Events over real sockets on the Node server: WebSocket `/ws` and `/ws/{q}` receive
 * pushed/progress/completed/failed events caused by TCP commands; SSE over HTTP; and
 * auth refusals for WebSocket (`?token=`, bearer header, first-frame auth) and SSE.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { WireClient } from "./tcp-wire-client.ts";
import { collect, openWs } from "./server-ws-client.ts";

describe("WebSocket events (no auth)", () => {
  let server: RunningServer;
  let tcp: WireClient;
  before(async () => {
    server = await startServer({ port: 0, httpPort: 0 });
    tcp = await WireClient.open("json", server.tcpPort);
  });
  after(async () => {
    await tcp.close();
    await server.close();
  });

  test("/ws receives pushed, progress, completed and failed", async () => {
    const { ws, status } = await openWs(`ws://127.0.0.1:${server.httpPort}/ws`);
    assert.equal(status, 101);
    const inbox = collect(ws);
    try {
      const { id } = await tcp.ok({ cmd: "PUSH", queue: "wsq", data: { a: 1 } });
      await tcp.ok({ cmd: "PULL", queue: "wsq", timeout: 1000 });
      await tcp.ok({ cmd: "PROGRESS", id, progress: 10 });
      await tcp.ok({ cmd: "ACK", id, result: "r" });
      const f = await tcp.ok({ cmd: "PUSH", queue: "wsq", data: 2, max_attempts: 1 });
      await tcp.ok({ cmd: "PULL", queue: "wsq", timeout: 1000 });
      await tcp.ok({ cmd: "FAIL", id: f.id, error: "nope" });
      const want = ["pushed", "progress", "completed", "failed"];
      const msgs = await inbox.until((m) => want.every((t) => m.some((e) => e.event_type === t)));
      const pushed = msgs.find((e) => e.event_type === "pushed")!;
      assert.equal(pushed.job_id, id);
      assert.deepEqual(pushed.data, { a: 1 });
      assert.equal(msgs.find((e) => e.event_type === "completed")!.data, "r");
      assert.equal(msgs.find((e) => e.event_type === "failed")!.error, "nope");
      assert.equal(msgs.find((e) => e.event_type === "progress")!.progress, 10);
    } finally {
      ws.close();
    }
  });

  test("/ws/{queue} receives only that queue", async () => {
    const { ws } = await openWs(`ws://127.0.0.1:${server.httpPort}/ws/wsq2`);
    const inbox = collect(ws);
    try {
      await tcp.ok({ cmd: "PUSH", queue: "elsewhere", data: 0 });
      const { id } = await tcp.ok({ cmd: "PUSH", queue: "wsq2", data: 1 });
      const msgs = await inbox.until((m) => m.some((e) => e.job_id === id));
      assert.ok(msgs.every((e) => e.queue === "wsq2"));
    } finally {
      ws.close();
    }
  });

  test("/ws/dashboard sends a snapshot; /metrics/history has samples", async () => {
    const { ws, status } = await openWs(`ws://127.0.0.1:${server.httpPort}/ws/dashboard`);
    assert.equal(status, 101);
    const inbox = collect(ws);
    try {
      const [snap] = await inbox.until((m) => m.length > 0);
      for (const k of ["stats", "metrics", "queues", "crons", "metrics_history", "timestamp"]) assert.ok(k in snap!, k);
    } finally {
      ws.close();
    }
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/metrics/history`);
    const body = (await res.json()) as { data: { queued: number }[] };
    assert.ok(body.data.length >= 1);
    assert.equal(typeof body.data[0]!.queued, "number");
  });

  test("SSE over a real socket receives a pushed event", async () => {
    const ac = new AbortController();
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/events/sseq`, { signal: ac.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const { id } = await tcp.ok({ cmd: "PUSH", queue: "sseq", data: "s" });
    let text = "";
    while (!text.includes(`"job_id":${id}`)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    assert.match(text, /event: pushed\ndata: \{/);
    ac.abort();
    await reader.cancel().catch(() => {});
  });
});

describe("event stream auth", () => {
  let server: RunningServer;
  let tcp: WireClient;
  before(async () => {
    server = await startServer({ port: 0, httpPort: 0, authTokens: ["tok"] });
    tcp = await WireClient.open("json", server.tcpPort);
    await tcp.ok({ cmd: "AUTH", token: "tok" });
  });
  after(async () => {
    await tcp.close();
    await server.close();
  });

  test("a wrong ?token= or bearer header is refused with 401 before the upgrade", async () => {
    const bad = await openWs(`ws://127.0.0.1:${server.httpPort}/ws?token=wrong`);
    assert.equal(bad.status, 401);
    bad.ws.terminate();
    const badHeader = await openWs(`ws://127.0.0.1:${server.httpPort}/ws`, { Authorization: "Bearer wrong" });
    assert.equal(badHeader.status, 401);
    badHeader.ws.terminate();
  });

  test("?token= authenticates and events flow", async () => {
    const { ws, status } = await openWs(`ws://127.0.0.1:${server.httpPort}/ws?token=tok`);
    assert.equal(status, 101);
    const inbox = collect(ws);
    try {
      const { id } = await tcp.ok({ cmd: "PUSH", queue: "authq", data: 1 });
      await inbox.until((m) => m.some((e) => e.job_id === id));
    } finally {
      ws.close();
    }
  });

  test("the SDK's first frame {type:'auth', token} authenticates; nothing flows before it", async () => {
    const { ws, status } = await openWs(`ws://127.0.0.1:${server.httpPort}/ws`);
    assert.equal(status, 101);
    const inbox = collect(ws);
    try {
      const before = await tcp.ok({ cmd: "PUSH", queue: "authq2", data: 0 });
      ws.send(JSON.stringify({ type: "auth", token: "tok" }));
      // Frames are handled in order: once the pong is back, the auth frame has been applied.
      ws.send(JSON.stringify({ type: "ping" }));
      await inbox.until((m) => m.some((e) => e.type === "pong"));
      const { id } = await tcp.ok({ cmd: "PUSH", queue: "authq2", data: 1 });
      const msgs = await inbox.until((m) => m.some((e) => e.job_id === id));
      assert.ok(!msgs.some((e) => e.job_id === before.id), "no events before authenticating");
    } finally {
      ws.close();
    }
  });

  test("a wrong first-frame token closes the socket with 4401", async () => {
    const { ws } = await openWs(`ws://127.0.0.1:${server.httpPort}/ws`);
    const inbox = collect(ws);
    ws.send(JSON.stringify({ type: "auth", token: "bad" }));
    assert.equal(await inbox.untilClosed(), 4401);
  });

  test("SSE without a token is 401; with the bearer header it streams", async () => {
    const none = await fetch(`http://127.0.0.1:${server.httpPort}/events`);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { code: string }).code, "AUTH_FAILED");
    const ac = new AbortController();
    const ok = await fetch(`http://127.0.0.1:${server.httpPort}/events`, { headers: { Authorization: "Bearer tok" }, signal: ac.signal });
    assert.equal(ok.status, 200);
    ac.abort();
    await ok.body?.cancel().catch(() => {});
  });

  test("REST without a token is 401 over a real socket too", async () => {
    const r = await fetch(`http://127.0.0.1:${server.httpPort}/queues/a/jobs`, { method: "POST", body: "{}" });
    assert.equal(r.status, 401);
  });
});
