/**
 * A runtime-neutral SDK smoke run (spawned under Bun and Deno by
 * client-runtimes.test.ts): every client mode, a Worker, SSE and WebSocket events.
 * Server from FLASHQ_PORT / FLASHQ_HTTP_PORT. Prints one `OK <step>` line per step.
 */
import { EventSubscriber, FlashQ, Worker, type ClientOptions, type JobEvent } from "../../client/index.ts";

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const base = { host: "127.0.0.1", port: Number(env.FLASHQ_PORT), httpPort: Number(env.FLASHQ_HTTP_PORT) };
const tag = `${env.RUNTIME ?? "rt"}-${Date.now()}`;

function check(cond: unknown, what: string): void {
  if (!cond) throw new Error(`check failed: ${what}`);
}

for (const [name, mode] of [["tcp-json", {}], ["tcp-msgpack", { useBinary: true }], ["http", { useHttp: true }]] as const) {
  const opts: ClientOptions = { ...base, ...mode };
  const client = new FlashQ(opts);
  const q = `${tag}-${name}`;
  const job = await client.push(q, { n: 1 });
  const pulled = await client.pull<{ n: number }>(q, 2000);
  check(pulled?.id === job.id, "pulled the pushed job");
  await client.ack(job.id, { r: 2 });
  check(JSON.stringify(await client.getResult(job.id)) === '{"r":2}', "result stored");
  await client.pushBatch(q, Array.from({ length: 20 }, (_, i) => ({ data: { i } })));
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker<{ i: number }>(q, (j) => j.data.i * 2, { ...opts, concurrency: 4 });
    worker.on("error", reject);
    worker.on("completed", () => {
      if (++done === 20) void worker.close().then(resolve, reject);
    });
  });
  check((await client.getJobCounts(q)).completed === 21, "worker completed all");
  await client.close();
  console.log(`OK ${name}`);
}

for (const type of ["sse", "websocket"] as const) {
  const q = `${tag}-ev-${type}`;
  const sub = new EventSubscriber({ host: base.host, httpPort: base.httpPort, queue: q, type });
  await sub.connect();
  const client = new FlashQ(base);
  const seen = new Promise<JobEvent>((resolve) => sub.on("pushed", resolve));
  const job = await client.push(q, { hello: type });
  const ev = await seen;
  check(ev.jobId === job.id, "event for the pushed job");
  sub.close();
  await client.close();
  console.log(`OK events-${type}`);
}
