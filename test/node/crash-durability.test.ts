/**
 * The durability promise, end to end: a real server process with DATABASE_URL,
 * several producers pushing batches and consumers pulling/acking over TCP, then
 * `kill -9` at a random moment and a restart on the same database. Every push
 * answered ok must be present afterwards, and no job whose ack was answered ok
 * may be delivered again. On PostgreSQL and on PGlite.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, freePort } from "../helpers/pg.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A running server process. */
interface ServerProc {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/** Start `adapters/node.ts` on a free port; resolves once it says it listens. */
async function startServer(databaseUrl: string): Promise<ServerProc> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "adapters/node.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HTTP_PORT: "-1", HOST: "127.0.0.1", DATABASE_URL: databaseUrl, DURABILITY: "sync" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes("listening")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    void exited.then(() => reject(new Error(`server exited before listening:\n${output}`)));
  });
  return { child, port, exited };
}

/** A minimal JSON-lines flashQ client: one request at a time per connection. */
class LineClient {
  private readonly sock: Socket;
  private buf = "";
  private seq = 0;
  private readonly pending = new Map<string, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(sock: Socket) {
    this.sock = sock;
    sock.setEncoding("utf8");
    sock.on("data", (chunk: string) => this.onData(chunk));
    sock.on("error", () => this.fail());
    sock.on("close", () => this.fail());
  }

  static open(port: number): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, "127.0.0.1", () => resolve(new LineClient(s)));
      s.once("error", reject);
    });
  }

  send(cmd: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new Error("closed"));
    const reqId = String(++this.seq);
    return new Promise((resolve, reject) => {
      this.pending.set(reqId, { resolve, reject });
      this.sock.write(JSON.stringify({ cmd, reqId, ...fields }) + "\n");
    });
  }

  close(): void {
    this.sock.destroy();
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf("\n")) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      if (!line.trim()) continue;
      const msg = JSON.parse(line) as Record<string, unknown>;
      const p = this.pending.get(String(msg.reqId));
      if (p) {
        this.pending.delete(String(msg.reqId));
        p.resolve(msg);
      }
    }
  }

  private fail(): void {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error("connection lost"));
    this.pending.clear();
  }
}

const QUEUE = "crash";

/** Push batches until the connection dies; record ids of pushes answered ok. */
async function producer(c: LineClient, p: number, pushedOk: Set<number>): Promise<void> {
  for (let round = 0; ; round++) {
    const jobs = Array.from({ length: 50 }, (_, i) => ({ data: { p, round, i } }));
    let reply: Record<string, unknown>;
    try {
      reply = await c.send("PUSHB", { queue: QUEUE, jobs });
    } catch {
      return;
    }
    if (reply.ok === true) for (const id of reply.ids as number[]) pushedOk.add(id);
  }
}

/** Pull and ack until the connection dies; record ids whose ack was answered ok. */
async function consumer(c: LineClient, ackedOk: Set<number>): Promise<void> {
  for (;;) {
    try {
      const pulled = await c.send("PULLB", { queue: QUEUE, count: 40, timeout: 50 });
      const ids = ((pulled.jobs as { id: number }[] | undefined) ?? []).map((j) => j.id);
      if (ids.length === 0) continue;
      const reply = await c.send("ACKB", { ids });
      if (reply.ok === true && (reply.ids as number[])[0] === ids.length) for (const id of ids) ackedOk.add(id);
    } catch {
      return;
    }
  }
}

async function crashRun(databaseUrl: string): Promise<void> {
  const first = await startServer(databaseUrl);
  const pushedOk = new Set<number>();
  const ackedOk = new Set<number>();
  const clients = await Promise.all(Array.from({ length: 5 }, () => LineClient.open(first.port)));
  const work = [
    producer(clients[0]!, 0, pushedOk),
    producer(clients[1]!, 1, pushedOk),
    producer(clients[2]!, 2, pushedOk),
    consumer(clients[3]!, ackedOk),
    consumer(clients[4]!, ackedOk),
  ];
  // kill -9 at a random moment while traffic flows (once pushes are being answered).
  for (let i = 0; i < 300 && pushedOk.size === 0; i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 900)));
  first.child.kill("SIGKILL");
  await first.exited;
  await Promise.all(work);
  for (const c of clients) c.close();
  assert.ok(pushedOk.size > 0, "some pushes were answered before the kill");

  const second = await startServer(databaseUrl);
  const c = await LineClient.open(second.port);
  try {
    // Every push answered ok is present — unless its ack was answered ok too, and the
    // completed-retention cap (10,000 per queue) has since dropped it.
    const ids = [...pushedOk];
    for (let i = 0; i < ids.length; i += 500) {
      const reply = await c.send("GETJOBSBATCH", { ids: ids.slice(i, i + 500) });
      const found = new Set((reply.jobs as { id: number }[]).map((j) => j.id));
      const missing = ids.slice(i, i + 500).filter((id) => !found.has(id) && !ackedOk.has(id));
      assert.deepEqual(missing, [], `jobs answered as pushed are missing after the restart (pushed ${pushedOk.size})`);
    }
    // Jobs whose ack was answered ok are completed (or already dropped by retention),
    // never back in a pending state.
    const acked = [...ackedOk];
    for (let i = 0; i < acked.length; i += 1000) {
      const slice = acked.slice(i, i + 1000);
      const reply = await c.send("GETJOBSBATCH", { ids: slice });
      const pendingAgain = (reply.jobs as { id: number; state: string }[]).filter((j) => j.state !== "completed");
      assert.deepEqual(pendingAgain, [], "acked jobs are pending again after the restart");
    }
    // Drain the queue: nothing whose ack was answered ok comes again.
    const redelivered: number[] = [];
    for (let empty = 0; empty < 2; ) {
      const pulled = await c.send("PULLB", { queue: QUEUE, count: 1000, timeout: 100 });
      const got = ((pulled.jobs as { id: number }[] | undefined) ?? []).map((j) => j.id);
      if (got.length === 0) {
        empty++;
        continue;
      }
      for (const id of got) if (ackedOk.has(id)) redelivered.push(id);
      await c.send("ACKB", { ids: got });
    }
    assert.deepEqual(redelivered, [], "jobs whose ack was answered ok were delivered again");
  } finally {
    c.close();
    second.child.kill("SIGKILL");
    await second.exited;
  }
}

describe("kill -9 durability", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const f of cleanups) await f();
  });

  test("PostgreSQL: answered pushes and acks survive kill -9", async () => {
    const db = await createTestDatabase("crash");
    cleanups.push(() => db.drop());
    await crashRun(db.url);
  });

  test("PGlite: answered pushes and acks survive kill -9", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flashq-crash-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await crashRun(`pglite://${dir}`);
  });
});
