/**
 * The SDK's HTTP path must not depend on Node APIs (edge runtimes): only the TCP
 * transport imports `node:*`, and it is loaded with a dynamic import only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const clientDir = fileURLToPath(new URL("../../client/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

test("only transport/tcp.ts imports node:* modules, and only dynamically", () => {
  const nodeUsers: string[] = [];
  for (const f of files(clientDir)) {
    const src = readFileSync(f, "utf8");
    const rel = relative(clientDir, f);
    if (/from\s+["']node:/.test(src)) nodeUsers.push(rel);
    if (rel !== "connection.ts") {
      assert.ok(!/import\(["']\.\/transport\/tcp\.ts["']\)/.test(src), `${rel} loads the TCP transport`);
    }
    assert.ok(!/^import[^;]*["'][^"']*transport\/tcp\.ts["']/m.test(src), `${rel} statically imports the TCP transport`);
    assert.ok(!/\bprocess\.|\bBuffer\b/.test(src) || rel === "transport/tcp.ts", `${rel} uses Node globals`);
  }
  assert.deepEqual(nodeUsers, ["transport/tcp.ts"]);
});
