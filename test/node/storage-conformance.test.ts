/**
 * The storage conformance suite against the durable adapters: PostgreSQL (its own
 * database) and PGlite (its own directory).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresClient } from "../../adapters/postgres/driver.ts";
import { insertExternalJobs } from "../../adapters/postgres/external-jobs.ts";
import { insertExternalViaPort } from "../../adapters/storage/external-insert.ts";
import { openSqlPort, openSqlStorage } from "../../adapters/storage/open.ts";
import { createPglitePort } from "../../adapters/storage/pglite-driver.ts";
import type { SqlPort } from "../../adapters/storage/sql-port.ts";
import { describeStorage } from "../conformance/storage.ts";
import { createTestDatabase } from "../helpers/pg.ts";

const caps = { durable: true, ids: true, external: true };

describeStorage(
  "postgres",
  async () => {
    const db = await createTestDatabase("conformance");
    const edge = createPostgresClient(db.url, { max: 1 });
    return {
      // The port the server opens: COPY for batches of new rows.
      open: async () => openSqlStorage(await openSqlPort(db.url)),
      insertExternal: (queue, inputs, now) => insertExternalJobs(edge, queue, inputs, now),
      async cleanup() {
        await edge.end();
        await db.drop();
      },
    };
  },
  caps,
);

describeStorage(
  "pglite",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "flashq-pglite-"));
    // PGlite allows one instance per directory: edge inserts go through the open one.
    let current: { port: SqlPort; closed: boolean } | null = null;
    async function port(): Promise<SqlPort> {
      const p = await createPglitePort(dir);
      const entry = { port: p, closed: false };
      current = entry;
      return {
        ...p,
        close: async () => {
          entry.closed = true;
          await p.close();
        },
      };
    }
    return {
      open: async () => openSqlStorage(await port()),
      async insertExternal(queue, inputs, now) {
        if (current && !current.closed) return insertExternalViaPort(current.port, queue, inputs, now);
        const p = await createPglitePort(dir);
        try {
          return await insertExternalViaPort(p, queue, inputs, now);
        } finally {
          await p.close();
        }
      },
      async cleanup() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  caps,
);

