/**
 * Every code example of the SDK manual (examples/NNN-*.ts) runs against a real server:
 * one fresh server per example (so literal job ids such as 123 can be set up), the
 * example imported in-process after pointing examples/_env.ts at that server.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ValidationError } from "../../client/index.ts";
import { closeAll, useServer } from "../../examples/_env.ts";
import { start } from "./client-helpers.ts";

const dir = fileURLToPath(new URL("../../examples/", import.meta.url));
const files = readdirSync(dir).filter((f) => /^\d{3}-.*\.ts$/.test(f)).sort();

/** Examples that end by throwing, as the manual says they do. */
const EXPECTED_ERROR: Record<string, (e: unknown) => boolean> = {
  // validateQueueName('invalid/name'); // throws ValidationError
  "125": (e) => e instanceof ValidationError && e.field === "queue",
};

/**
 * Examples that fail because of a server deviation reported in /work/notes-for-server.md;
 * kept as `todo` (run, reported, not failing the suite) until the server is fixed.
 */
const SERVER_TODO: Record<string, string> = {};

describe("SDK manual examples", { timeout: 120000 }, () => {
  test("there is one example file per code example", () => {
    assert.ok(files.length >= 100, `found ${files.length}`);
  });
  for (const file of files) {
    test(file, { timeout: 20000, todo: SERVER_TODO[file.slice(0, 3)] }, async () => {
      const server = await start();
      try {
        useServer("127.0.0.1", server.tcpPort, server.httpPort);
        const run = import(pathToFileURL(dir + file).href);
        const expect = EXPECTED_ERROR[file.slice(0, 3)];
        if (expect) await assert.rejects(run, expect);
        else await run;
      } finally {
        await closeAll();
        await server.close();
      }
    });
  }
});
