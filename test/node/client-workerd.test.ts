/**
 * The SDK's HTTP mode in an edge runtime: a Worker bundled by wrangler runs in real
 * workerd and pushes to a real server over `fetch`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { FlashQ } from "../../client/index.ts";
import { conn, qname, start, type RunningServer } from "./client-helpers.ts";

process.env.WRANGLER_SEND_METRICS ??= "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_SEND_ERROR_REPORTS ??= "false";
process.env.CI ??= "true";

const entry = fileURLToPath(new URL("./client-workerd-entry.ts", import.meta.url));

describe("SDK HTTP mode in workerd", { timeout: 60000 }, () => {
  let server: RunningServer;
  let worker: { fetch(url: string): Promise<Response>; dispose(): Promise<void>; url: Promise<URL> } | undefined;
  before(async () => {
    server = await start();
    const { unstable_startWorker } = await import("wrangler");
    const w = await unstable_startWorker({
      name: "flashq-sdk-test",
      entrypoint: entry,
      compatibilityDate: "2026-04-01",
      compatibilityFlags: ["nodejs_compat"],
      build: { nodejsCompatMode: "v2" },
      bindings: { FLASHQ_HTTP_PORT: { type: "plain_text", value: String(server.httpPort) } },
      dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, logLevel: "warn" },
    });
    await w.ready;
    worker = w as unknown as typeof worker;
  });
  after(async () => {
    await worker?.dispose();
    await server?.close();
  });

  test("push and read back through fetch", async () => {
    const q = qname("edge");
    const res = await fetch(new URL(`/?queue=${q}`, await worker!.url));
    const body = (await res.json()) as { id: number; state: string; data: unknown; waiting: number; error?: string };
    assert.equal(res.status, 200, body.error);
    assert.equal(body.state, "waiting");
    assert.deepEqual(body.data, { from: "workerd" });
    assert.equal(body.waiting, 1);
    const client = new FlashQ(conn(server));
    assert.equal((await client.getJob(body.id))?.job.priority, 5);
    await client.close();
  });
});
