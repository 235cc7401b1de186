/**
 * PostgreSQL for tests. A server is found through TEST_DATABASE_URL or
 * DATABASE_URL, else the one on 127.0.0.1:5432, else a throw-away cluster is
 * started with initdb/pg_ctl from the machine's PostgreSQL binaries (as the
 * `postgres` user when running as root). Each test file gets its own database.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresPort } from "../../adapters/postgres/driver.ts";

/** A database of one's own on the test server. */
export interface TestDatabase {
  url: string;
  name: string;
  /** Drop the database (terminating its connections). */
  drop(): Promise<void>;
}

/** A PostgreSQL cluster this process started in a temp directory. */
export interface Cluster {
  /** URL of its `postgres` database. */
  url: string;
  port: number;
  dir: string;
  /** Start (again) and wait until it accepts connections. */
  start(): void;
  /** Stop: `immediate` is a crash (no checkpoint); `fast` is orderly. */
  stop(mode?: "immediate" | "fast"): void;
  /** Stop and delete the directory. */
  destroy(): void;
}

function pgBin(name: string): string {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(base, v, "bin", name))) return join(base, v, "bin", name);
  }
  throw new Error(`PostgreSQL binary ${name} not found (PATH or /usr/lib/postgresql/*/bin)`);
}

/** Whether initdb/pg_ctl can be found (a throw-away cluster can be started). */
export function clusterBinariesAvailable(): boolean {
  try {
    pgBin("initdb");
    pgBin("pg_ctl");
    return true;
  } catch {
    return false;
  }
}

/** Run a PostgreSQL binary, as the `postgres` user when we are root (initdb refuses root). */
function runPg(name: string, args: string[]): void {
  const bin = pgBin(name);
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", bin, ...args], { stdio: "pipe" });
  else execFileSync(bin, args, { stdio: "pipe" });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Start a throw-away cluster (initdb + pg_ctl) on a free port; `destroy()` it in `after()`. */
/** Options of {@link startCluster}. */
export interface ClusterOptions {
  /** Serve TLS too, with a throw-away self-signed certificate (needs `openssl`). */
  ssl?: boolean;
}

/** A self-signed certificate and key in the data directory, as PostgreSQL wants them. */
function selfSignedCert(data: string): void {
  const [crt, key] = [join(data, "server.crt"), join(data, "server.key")];
  execFileSync("openssl", ["req", "-new", "-x509", "-days", "1", "-nodes", "-subj", "/CN=localhost", "-keyout", key, "-out", crt], { stdio: "pipe" });
  chmodSync(key, 0o600);
  if (typeof process.getuid === "function" && process.getuid() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    for (const f of [crt, key]) chownSync(f, uid, gid);
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "flashq-pg-"));
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  runPg("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  if (options.ssl) selfSignedCert(data);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50${options.ssl ? " -c ssl=on" : ""}`;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start() {
      runPg("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "-t", "30", "start"]);
    },
    stop(mode = "fast") {
      try {
        runPg("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
      } catch {
        // already stopped
      }
    },
    destroy() {
      cluster.stop("immediate");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}

async function reachable(url: string): Promise<boolean> {
  const port = createPostgresPort(url, { max: 1, connectTimeoutSec: 2 });
  try {
    await port.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await port.close().catch(() => {});
  }
}

let serverPromise: Promise<string> | null = null;

/** URL of an administrative database on the test server (found or started once per process). */
export function testServerUrl(): Promise<string> {
  serverPromise ??= (async () => {
    const env = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    if (env && /^postgres(ql)?:\/\//.test(env)) return env;
    const local = "postgres://postgres@127.0.0.1:5432/postgres";
    if (await reachable(local)) return local;
    const cluster = await startCluster();
    process.once("exit", () => cluster.destroy());
    return cluster.url;
  })();
  return serverPromise;
}

/** Replace the database name in a postgres URL. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Create a fresh database for one test file (or test) on `serverUrl` (default: the test server). */
export async function createTestDatabase(label: string, serverUrl?: string): Promise<TestDatabase> {
  const base = serverUrl ?? (await testServerUrl());
  const name = `flashq_${label.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = createPostgresPort(base, { max: 1 });
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.close();
  }
  return {
    url: withDatabase(base, name),
    name,
    async drop() {
      const a = createPostgresPort(base, { max: 1 });
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.close();
      }
    },
  };
}
