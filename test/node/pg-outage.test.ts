/**
 * PostgreSQL going away while the server runs (a throw-away cluster we can kill):
 * durable commands fail with a retryable error instead of being answered as done,
 * the engine stays up, the driver reconnects by itself when PostgreSQL is back,
 * and storage converges to the in-memory state (nothing answered or kept in
 * memory is missing from the database afterwards).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createEngine, ManualClock, type Engine } from "../../core/index.ts";
import { FlashQError } from "../../core/errors.ts";
import { createPostgresClient, createPostgresPort } from "../../adapters/postgres/driver.ts";
import { noDelaySocket } from "../../adapters/postgres/nodelay-socket.ts";
import { insertExternalJobs } from "../../adapters/postgres/external-jobs.ts";
import { openSqlStorage } from "../../adapters/storage/open.ts";
import type { Storage } from "../../core/ports.ts";
import { clusterBinariesAvailable, startCluster, type Cluster } from "../helpers/pg.ts";

const skip = clusterBinariesAvailable() ? false : "initdb/pg_ctl not found: cannot start a throw-away PostgreSQL";

let cluster: Cluster;
let storage: Storage;
let engine: Engine;

before(async () => {
  if (!skip) cluster = await startCluster();
});
after(async () => {
  await engine?.stop().catch(() => {});
  await storage?.close().catch(() => {});
  cluster?.destroy();
});

/** Run `fn` until it does not throw a retryable error (bounded number of tries, no timing assertion). */
async function eventually(fn: () => Promise<void>, tries = 50): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof FlashQError && err.retryable) || i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

test("PostgreSQL stops and comes back: retryable errors meanwhile, then convergence", { skip }, async () => {
  const clock = new ManualClock();
  const opened = await openSqlStorage(createPostgresPort(cluster.url, { connectTimeoutSec: 2, socket: noDelaySocket() }), { retryWithinMs: 300 });
  storage = opened.storage;
  engine = createEngine({ clock, storage, ids: opened.ids });
  await engine.start();

  const before = engine.push("outage", { data: "before" });
  await engine.settled();

  cluster.stop("immediate");
  const during = engine.push("outage", { data: "during" });
  await assert.rejects(engine.settled(), (e: unknown) => e instanceof FlashQError && e.retryable);
  // The engine is still up and still knows the job (memory is ahead of storage).
  assert.equal(engine.getState(during.id), "waiting");

  cluster.start();
  const afterJob = engine.push("outage", { data: "after" });
  await eventually(() => engine.settled());

  // Edge inserts reach the engine again: LISTEN is re-established by itself (and a
  // reconnect triggers a take, for notifications lost while disconnected).
  const edge = createPostgresClient(cluster.url, { max: 1 });
  try {
    const [edgeId] = await insertExternalJobs(edge, "outage", [{ data: "from the edge" }], clock.now());
    for (let i = 0; i < 100 && engine.getState(edgeId!) === "unknown"; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(engine.getState(edgeId!), "waiting");
  } finally {
    await edge.end();
  }

  // A fresh reader sees everything the engine holds: the failed batch was re-sent.
  const reader = await openSqlStorage(createPostgresPort(cluster.url));
  try {
    const ids = new Set((await reader.storage.load()).jobs.map((s) => s.job.id));
    for (const j of [before, during, afterJob]) assert.ok(ids.has(j.id), `job ${j.id} missing after reconnect`);
    // Ids keep coming from the sequence after the outage, never repeating.
    const next = reader.ids.next();
    assert.ok(next > afterJob.id);
  } finally {
    await reader.storage.close();
  }
});
