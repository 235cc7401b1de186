/**
 * The Vercel entry's exported handlers (as a Vercel Function / Next.js route would
 * call them), configured from process.env, forwarding to a live server.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../adapters/server.ts";

let server: RunningServer;
let entry: typeof import("../../edge/vercel.ts");

before(async () => {
  server = await startServer({ host: "127.0.0.1", port: 0, httpPort: 0 });
  Object.assign(process.env, { SINK: "http", UPSTREAM_URL: `http://127.0.0.1:${server.httpPort}`, AUTH_TOKENS: "v-token" });
  entry = await import("../../edge/vercel.ts");
});
after(async () => {
  await server?.close();
});

test("POST forwards a push to the server; a bad token is refused", async () => {
  const ok = await entry.POST(
    new Request("https://app.vercel.example/queues/vq/jobs", {
      method: "POST",
      headers: { authorization: "Bearer v-token", "content-type": "application/json" },
      body: JSON.stringify({ data: { from: "vercel" } }),
    }),
  );
  assert.equal(ok.status, 200);
  const { data } = await ok.json();
  assert.deepEqual(server.engine.getJob(data.id)?.job.data, { from: "vercel" });
  const bad = await entry.POST(new Request("https://app.vercel.example/queues/vq/jobs", { method: "POST", body: "{}" }));
  assert.equal(bad.status, 401);
});

test("OPTIONS answers the CORS preflight", async () => {
  const res = await entry.OPTIONS(
    new Request("https://app.vercel.example/queues/vq/jobs", {
      method: "OPTIONS",
      headers: { origin: "https://site.example", "access-control-request-method": "POST" },
    }),
  );
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
});
