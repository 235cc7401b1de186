/**
 * The server's PostgreSQL pool dials its own sockets (TCP_NODELAY, for COPY): TLS must
 * still be negotiated on top of them when the URL asks for it. A throw-away cluster
 * serving TLS with a self-signed certificate; `sslmode=require` encrypts without
 * verifying the certificate, as libpq does.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Job, StoredJob } from "../../core/index.ts";
import { openSqlPort, openSqlStorage } from "../../adapters/storage/open.ts";
import { sampleJob } from "../conformance/storage.ts";
import { commandRuns } from "../helpers/command.ts";
import { clusterBinariesAvailable, startCluster, type Cluster } from "../helpers/pg.ts";

const skip = !clusterBinariesAvailable()
  ? "initdb/pg_ctl not found: cannot start a throw-away PostgreSQL"
  : !commandRuns("openssl", ["version"])
    ? "openssl not found: cannot make a certificate"
    : false;

let cluster: Cluster | undefined;

before(async () => {
  if (!skip) cluster = await startCluster({ ssl: true });
});
after(() => cluster?.destroy());

const stored = (job: Job): StoredJob => ({ job, state: "waiting" });

test("sslmode=require: the storage talks TLS over its own sockets, COPY included", { skip }, async () => {
  const port = await openSqlPort(`${cluster!.url}?sslmode=require`);
  const copyIn = port.copyIn!;
  let copied = 0;
  port.copyIn = async (statement, next) => {
    await copyIn(statement, next);
    copied++;
  };
  const { storage } = await openSqlStorage(port, { copyMinRows: 1 });
  try {
    const [conn] = await port.query<{ ssl: boolean }>("select ssl from pg_stat_ssl where pid = pg_backend_pid()");
    assert.equal(conn?.ssl, true);
    const jobs = Array.from({ length: 300 }, (_, i) => sampleJob(70_000 + i));
    await storage.write(jobs.map((job) => ({ type: "inserted" as const, stored: stored(job) })));
    const [rows] = await port.query<{ n: number }>("select count(*)::int as n from flashq_jobs where id >= 70000");
    assert.equal(rows?.n, 300);
    assert.equal(copied, 1);
    assert.equal((await storage.load()).jobs.length, 300);
  } finally {
    await storage.close();
  }
});
