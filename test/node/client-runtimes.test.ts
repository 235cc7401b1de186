/**
 * The SDK runs on Bun and Deno too: a smoke script (every client mode, a Worker, SSE
 * and WebSocket events) is spawned under each against a real server started here.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { start, type RunningServer } from "./client-helpers.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = "test/node/client-runtime-smoke.ts";

function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

const EXPECTED = ["OK tcp-json", "OK tcp-msgpack", "OK http", "OK events-sse", "OK events-websocket"];

describe("SDK on other runtimes", { timeout: 120000 }, () => {
  let server: RunningServer;
  before(async () => {
    server = await start();
  });
  after(async () => {
    await server?.close();
  });

  const runtimes: Array<[string, string, string[]]> = [
    ["node", process.execPath, ["--import", "tsx", script]],
    ["bun", `${root}node_modules/.bin/bun`, [script]],
    ["deno", `${root}node_modules/.bin/deno`, ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-ffi", "--allow-sys", script]],
  ];
  for (const [name, cmd, args] of runtimes) {
    test(name, { timeout: 60000 }, async () => {
      const { code, out } = await run(cmd, args, {
        FLASHQ_PORT: String(server.tcpPort),
        FLASHQ_HTTP_PORT: String(server.httpPort),
        RUNTIME: name,
      });
      assert.equal(code, 0, out);
      for (const line of EXPECTED) assert.ok(out.includes(line), `${name}: missing "${line}"\n${out}`);
    });
  }
});
