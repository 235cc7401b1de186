/**
 * WebSocket keep-alive and connection cap over real sockets (PROTOCOL.md §8.3), with
 * small limits configured for the test: the server pings, answers pings, keeps a
 * socket that answers its pings, closes one that stays silent (1001 "Idle timeout"),
 * and refuses connections beyond the cap with 503 until one closes.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { collect, openWs, type WsLike } from "./server-ws-client.ts";

/** Resolve once `ws` has seen `n` events of `kind`. */
function count(ws: WsLike, kind: "ping" | "pong", n: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    ws.on(kind, () => {
      if (++seen === n) resolve();
    });
  });
}

describe("WebSocket keep-alive", () => {
  let server: RunningServer;
  let base: string;
  before(async () => {
    server = await startServer({ port: 0, httpPort: 0, ws: { pingIntervalMs: 50, idleTimeoutMs: 1000 } });
    base = `ws://127.0.0.1:${server.httpPort}`;
  });
  after(async () => {
    await server.close();
  });

  test("the server pings; a client answering them stays open past the idle limit", async () => {
    const { ws, status } = await openWs(`${base}/ws/ka-live`);
    assert.equal(status, 101);
    const inbox = collect(ws);
    try {
      // 40 pings 50 ms apart span well over the 1000 ms idle limit; the pongs kept it open.
      let done = false;
      const closed = inbox.untilClosed().then((code) => {
          if (!done) assert.fail(`closed (${code}) while answering pings`);
        });
      await Promise.race([count(ws, "ping", 40), closed]);
      done = true;
      assert.equal(inbox.closed, null);
      assert.equal(ws.readyState, 1);
    } finally {
      ws.close();
    }
  });

  test("the server answers a client's ping", async () => {
    const { ws, status } = await openWs(`${base}/ws`);
    assert.equal(status, 101);
    try {
      const pong = count(ws, "pong", 1);
      ws.ping();
      await pong;
    } finally {
      ws.close();
    }
  });

  test("a socket that never answers is closed for idleness (1001)", async () => {
    const { ws, status } = await openWs(`${base}/ws/ka-idle`, undefined, { autoPong: false });
    assert.equal(status, 101);
    const inbox = collect(ws);
    assert.equal(await inbox.untilClosed(), 1001);
  });

  test("/ws/dashboard is kept alive and closed by the same rules", async () => {
    const { ws, status } = await openWs(`${base}/ws/dashboard`, undefined, { autoPong: false });
    assert.equal(status, 101);
    // Snapshots every 3 s are events sent (activity) but slower than the 1 s idle limit.
    assert.equal(await collect(ws).untilClosed(), 1001);
  });
});

describe("WebSocket connection cap", () => {
  let server: RunningServer;
  let base: string;
  before(async () => {
    server = await startServer({ port: 0, httpPort: 0, ws: { maxConnections: 3 } });
    base = `ws://127.0.0.1:${server.httpPort}`;
  });
  after(async () => {
    await server.close();
  });

  test("connections beyond the cap get 503 (all /ws paths count) until one closes", async () => {
    const open: WsLike[] = [];
    try {
      for (const path of ["/ws", "/ws/cap-q", "/ws/dashboard"]) {
        const r = await openWs(base + path);
        assert.equal(r.status, 101, path);
        open.push(r.ws);
      }
      for (const path of ["/ws", "/ws/cap-q", "/ws/dashboard"]) {
        const refused = await openWs(base + path);
        assert.equal(refused.status, 503, path);
      }
      const first = open.shift()!;
      const closed = collect(first).untilClosed();
      first.close();
      await closed;
      // The server counts the socket closed once it has seen the close; retry until then.
      for (;;) {
        const r = await openWs(`${base}/ws`);
        if (r.status === 101) {
          open.push(r.ws);
          break;
        }
        assert.equal(r.status, 503);
        await new Promise((res) => setTimeout(res, 10));
      }
      assert.equal((await openWs(`${base}/ws`)).status, 503);
    } finally {
      for (const ws of open) ws.close();
    }
  });
});
