/**
 * Shared setup of the manual's examples: where the server is (the only thing the
 * examples adjust), and small helpers that create the state an example fragment
 * assumes (an active job, a job with a given id, a DLQ entry). Nothing here is part
 * of a manual example; each example file marks its verbatim part.
 *
 * Server address: FLASHQ_HOST / FLASHQ_PORT / FLASHQ_HTTP_PORT, or `useServer()`
 * (the examples test starts one server per example and calls it).
 */
import { FlashQ, Worker, type Job } from "../client/index.ts";

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

export let HOST: string = env.FLASHQ_HOST ?? "localhost";
export let PORT: number = Number(env.FLASHQ_PORT ?? 6789);
export let HTTP_PORT: number = Number(env.FLASHQ_HTTP_PORT ?? 6790);
/** Client options pointing at the server. */
export let CONN: { host: string; port: number; httpPort: number } = { host: HOST, port: PORT, httpPort: HTTP_PORT };

/** Point the examples at a server. */
export function useServer(host: string, port: number, httpPort: number): void {
  HOST = host;
  PORT = port;
  HTTP_PORT = httpPort;
  CONN = { host, port, httpPort };
}

const opened: Array<{ close(): Promise<void> }> = [];

/** Close every client and worker the setup helpers created (after an example that threw). */
export async function closeAll(): Promise<void> {
  await Promise.allSettled(opened.splice(0).map((c) => c.close()));
}

/** A connected client. */
export async function connected(): Promise<FlashQ> {
  const client = new FlashQ(CONN);
  opened.push(client);
  await client.connect();
  return client;
}

/** Push a job and pull it: an active job. */
export async function activeJob<T>(client: FlashQ, queue: string, data: T): Promise<Job<T>> {
  await client.push(queue, data);
  const job = await client.pull<T>(queue, 5000);
  if (!job) throw new Error(`no job pulled from ${queue}`);
  return job;
}

/**
 * Make the server's next job id `id` and push that job to `queue` (examples that use a
 * literal id such as 123 run against a fresh server whose ids start at 1).
 */
export async function jobWithId<T>(client: FlashQ, id: number, queue: string, data: T): Promise<Job<T>> {
  const probe = await client.push("seed", null);
  if (probe.id > id) throw new Error(`job id ${id} already used (next is ${probe.id + 1})`);
  let missing = id - probe.id - 1;
  while (missing > 0) {
    const n = Math.min(missing, 1000);
    await client.pushBatch("seed", Array.from({ length: n }, () => ({ data: null })));
    missing -= n;
  }
  const job = probe.id === id ? probe : await client.push(queue, data);
  if (job.id !== id) throw new Error(`expected job id ${id}, got ${job.id}`);
  return job as Job<T>;
}

/** Make job `id` active: push it with that id, then pull it. */
export async function activeJobWithId<T>(client: FlashQ, id: number, queue: string, data: T): Promise<Job<T>> {
  await jobWithId(client, id, queue, data);
  const job = await client.pull<T>(queue, 5000);
  if (!job || job.id !== id) throw new Error(`expected to pull job ${id}`);
  return job;
}

/** Put a job into a queue's DLQ (one attempt, failed). */
export async function failedJob(client: FlashQ, queue: string, id?: number): Promise<number> {
  const job = id === undefined ? await client.push(queue, { doomed: true }, { max_attempts: 1 }) : await jobWithIdOpts(client, id, queue);
  const pulled = await client.pull(queue, 5000);
  if (!pulled || pulled.id !== job.id) throw new Error("expected to pull the job to fail");
  await client.fail(job.id, "example failure");
  return job.id;
}

async function jobWithIdOpts(client: FlashQ, id: number, queue: string): Promise<Job> {
  const probe = await client.push("seed", null);
  let missing = id - probe.id - 1;
  while (missing > 0) {
    const n = Math.min(missing, 1000);
    await client.pushBatch("seed", Array.from({ length: n }, () => ({ data: null })));
    missing -= n;
  }
  const job = await client.push(queue, { doomed: true }, { max_attempts: 1 });
  if (job.id !== id) throw new Error(`expected job id ${id}, got ${job.id}`);
  return job;
}

/** A worker that completes every job of `queues` with `{ done: true }`. */
export async function helperWorker(queues: string | string[]): Promise<Worker> {
  const worker = new Worker(queues, async () => ({ done: true }), { ...CONN, autorun: false, concurrency: 4 });
  opened.push(worker);
  await worker.start();
  return worker;
}

/** Resolve when `emitter` emits `event` (optionally matching `pred`). */
export function once<A extends unknown[]>(
  emitter: { on(e: string, f: (...a: A) => void): unknown; off(e: string, f: (...a: A) => void): unknown },
  event: string,
  pred: (...args: A) => boolean = () => true,
): Promise<A> {
  return new Promise((resolve) => {
    const f = (...args: A) => {
      if (!pred(...args)) return;
      emitter.off(event, f);
      resolve(args);
    };
    emitter.on(event, f);
  });
}

/** Remember the process's SIGTERM listeners; the returned function removes listeners added since. */
export function guardSignals(): () => void {
  const p = (globalThis as { process?: NodeJS.Process }).process;
  if (!p) return () => {};
  const before = new Set(p.listeners("SIGTERM"));
  return () => {
    for (const l of p.listeners("SIGTERM")) if (!before.has(l)) p.off("SIGTERM", l as () => void);
  };
}
