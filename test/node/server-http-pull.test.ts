/**
 * HTTP pull over a real socket: a blocking GET /queues/{q}/jobs is answered when a
 * job arrives later. (Release of an aborted pull: test/shared/http-routes.test.ts.)
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";
import { WireClient } from "./tcp-wire-client.ts";

describe("HTTP blocking pull", () => {
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

  test("a waiting HTTP pull gets the job pushed later over TCP", async () => {
    const pending = fetch(`http://127.0.0.1:${server.httpPort}/queues/hp1/jobs?count=5&timeout=30000`);
    // Whether the pull is already waiting or not, the job goes to it (nobody else pulls hp1).
    const { id } = await tcp.ok({ cmd: "PUSH", queue: "hp1", data: "x" });
    const body = (await (await pending).json()) as { ok: boolean; data: { id: number }[] };
    assert.equal(body.ok, true);
    assert.deepEqual(body.data.map((j) => j.id), [id]);
  });
});
