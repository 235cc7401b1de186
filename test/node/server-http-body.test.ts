/**
 * Request bodies over a real socket on the Node server (adapters/http/body-cap.ts): a
 * body with a Content-Length is read straight from Node's request, in as many chunks
 * as the client sends (a multi-byte character split between two of them); a chunked
 * body goes through the counting path; both are capped at 16 MiB with a 413 naming
 * `body`, and the server keeps answering afterwards.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { startServer, type RunningServer } from "../../adapters/server.ts";

const CAP = 16 * 1024 * 1024;

/** POST `parts` to `path` (chunked when `length` is undefined); status and parsed JSON reply. */
function post(port: number, path: string, parts: Buffer[], length?: number): Promise<{ status: number; body: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (length !== undefined) headers["content-length"] = length;
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || "{}") }));
    });
    // The server may answer 413 and stop reading before everything is written.
    req.on("error", (err: NodeJS.ErrnoException) => (err.code === "EPIPE" || err.code === "ECONNRESET" ? undefined : reject(err)));
    const writeAll = async () => {
      for (const p of parts) {
        if (!req.write(p)) await new Promise((r) => req.once("drain", r));
        await new Promise((r) => setImmediate(r)); // separate reads on the server
      }
      req.end();
    };
    writeAll().catch(reject);
  });
}

describe("HTTP request bodies (Node server, real socket)", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ host: "127.0.0.1", port: 0, httpPort: 0 });
  });
  after(async () => {
    await server.close();
  });

  const json = Buffer.from(JSON.stringify({ data: { note: "naïve ☃ café 𝄞", n: 1 } }));
  // Split inside the multi-byte "☃" (3 bytes in UTF-8).
  const cut = json.indexOf(Buffer.from("☃")) + 1;
  const parts = [json.subarray(0, cut), json.subarray(cut)];

  for (const [name, length] of [["with a Content-Length", json.length], ["chunked", undefined]] as const) {
    test(`a body ${name}, sent in two writes, is pushed intact`, async () => {
      const r = await post(server.httpPort, "/queues/body-q/jobs", parts, length);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const id = r.body.data.id as number;
      assert.deepEqual(server.engine.getJob(id)!.job.data, { note: "naïve ☃ café 𝄞", n: 1 });
    });
  }

  test("an empty body with Content-Length 0 is an empty object, as before", async () => {
    const r = await post(server.httpPort, "/queues/body-q/jobs", [], 0);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(server.engine.getJob(r.body.data.id)!.job.data, null);
  });

  test("malformed JSON is a 400 naming body", async () => {
    const r = await post(server.httpPort, "/queues/body-q/jobs", [Buffer.from("{nope")], 5);
    assert.equal(r.status, 400);
    assert.equal(r.body.field, "body");
  });

  test("a client gone mid-body leaves the server answering", async () => {
    const { connect } = await import("node:net");
    const sock = connect(server.httpPort, "127.0.0.1");
    await new Promise((r) => sock.once("connect", r));
    sock.write("POST /queues/body-q/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"data\":");
    await new Promise((r) => setTimeout(r, 20));
    sock.destroy();
    const before = server.engine.count("body-q");
    const ok = await post(server.httpPort, "/queues/body-q/jobs", [json], json.length);
    assert.equal(ok.status, 200);
    assert.equal(server.engine.count("body-q"), before + 1, "only the complete request pushed a job");
  });

  for (const [name, length] of [["a declared Content-Length", CAP + 1], ["a chunked body", undefined]] as const) {
    test(`over 16 MiB by ${name}: 413 naming body, and the server still answers`, async () => {
      const big = Buffer.alloc(CAP + 1, 0x20);
      const r = await post(server.httpPort, "/queues/body-q/jobs", [big.subarray(0, CAP / 2), big.subarray(CAP / 2)], length);
      assert.equal(r.status, 413);
      assert.equal(r.body.field, "body");
      assert.match(String(r.body.error), /Request body too large/);
      const ok = await post(server.httpPort, "/queues/body-q/jobs", [json], json.length);
      assert.equal(ok.status, 200);
    });
  }
});
