/**
 * Second half of the boot warm-up (after warmup.ts): real loopback sockets. A throw-away
 * listener on an ephemeral 127.0.0.1 port, built by the real `startTcpServer` over a
 * throw-away engine, serves a producer and an idle worker from inside this process:
 * blocked PULLB woken by a PUSH, the worker's ACKB, and single PUSHes. That trains what
 * the stand-in socket of warmup.ts cannot reach: Node's own socket read and write paths
 * and the listener's connection set-up, on objects of the shapes real clients produce.
 * Everything is closed and dropped before the real listener opens.
 */
import { connect, type Socket } from "node:net";
import { createEngine } from "../../core/engine.ts";
import { SystemClock } from "../system-clock.ts";
import { unpackr } from "./codec.ts";
import { frame } from "./warmup.ts";

/** What a loopback warm-up did. */
export interface LoopbackWarmUpStats {
  rounds: number;
  woken: number;
  errors: number;
}

type Reply = Record<string, unknown>;
type StartListener = (engine: ReturnType<typeof createEngine>) => Promise<{ port: number; close(): Promise<void> }>;

/** A minimal binary-framed client: one pending reply per reqId. */
class LoopClient {
  readonly #sock: Socket;
  readonly #waiting = new Map<string, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  #buf: Buffer = Buffer.alloc(0);
  #seq = 0;

  private constructor(sock: Socket) {
    this.#sock = sock;
    sock.setNoDelay(true);
    sock.on("data", (chunk: Buffer) => this.#onData(chunk));
    sock.on("close", () => {
      for (const w of this.#waiting.values()) w.reject(new Error("warm-up connection closed"));
      this.#waiting.clear();
    });
  }

  static open(port: number): Promise<LoopClient> {
    return new Promise((resolve, reject) => {
      const sock = connect({ port, host: "127.0.0.1" });
      sock.once("error", reject);
      sock.once("connect", () => {
        sock.off("error", reject);
        sock.on("error", () => {});
        resolve(new LoopClient(sock));
      });
    });
  }

  request(msg: Reply): Promise<Reply> {
    const reqId = `lw${++this.#seq}`;
    this.#sock.write(frame({ ...msg, reqId }));
    return new Promise((resolve, reject) => this.#waiting.set(reqId, { resolve, reject }));
  }

  close(): void {
    this.#sock.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    let p = 0;
    while (p + 4 <= this.#buf.length) {
      const n = this.#buf.readUInt32BE(p);
      if (p + 4 + n > this.#buf.length) break;
      const m = unpackr.unpack(this.#buf.subarray(p + 4, p + 4 + n)) as Reply;
      p += 4 + n;
      const w = this.#waiting.get(String(m.reqId));
      if (w) {
        this.#waiting.delete(String(m.reqId));
        w.resolve(m);
      }
    }
    this.#buf = p === this.#buf.length ? Buffer.alloc(0) : this.#buf.subarray(p);
  }
}

/** The warm-up gives up (and start-up goes on) after this long. */
const DEADLINE_MS = 5000;

/**
 * Run `rounds` rounds through a throw-away listener made by `start` (the real
 * `startTcpServer`, with its own warm-up off), then close it and its engine. Rejects
 * when a connection closes or the rounds take longer than {@link DEADLINE_MS}.
 */
export async function warmUpOverLoopback(start: StartListener, rounds = 1000, deadlineMs = DEADLINE_MS): Promise<LoopbackWarmUpStats> {
  const stats: LoopbackWarmUpStats = { rounds: 0, woken: 0, errors: 0 };
  const engine = createEngine({ clock: new SystemClock() });
  await engine.start();
  const listener = await start(engine);
  let producer: LoopClient | undefined;
  let worker: LoopClient | undefined;
  const deadline = setTimeout(() => {
    producer?.close();
    worker?.close();
  }, deadlineMs);
  const check = (r: Reply): Reply => {
    if (r.ok === false) stats.errors++;
    return r;
  };
  try {
    producer = await LoopClient.open(listener.port);
    worker = await LoopClient.open(listener.port);
    for (let i = 0; i < rounds; i++) {
      // An idle worker's blocked pull, woken by the producer's push (the end-to-end path).
      const pulled = worker.request({ cmd: "PULLB", queue: "warmup-loop", count: 100, timeout: 60_000, records: true });
      const pushed = producer.request({ cmd: "PUSH", queue: "warmup-loop", data: { i } });
      const [jobs] = await Promise.all([pulled.then(check), pushed.then(check)]);
      const ids = Array.isArray(jobs.jobs) ? (jobs.jobs as { id: number }[]).map((j) => j.id) : [];
      stats.woken += ids.length;
      if (ids.length > 0) check(await worker.request({ cmd: "ACKB", ids }));
      // A single push with nobody waiting (the single-push path).
      check(await producer.request({ cmd: "PUSH", queue: "warmup-single", data: { i } }));
      stats.rounds++;
    }
  } finally {
    clearTimeout(deadline);
    producer?.close();
    worker?.close();
    await engine.stop();
    await listener.close();
  }
  return stats;
}
