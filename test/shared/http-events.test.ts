/**
 * SSE event streams through `app.request()`: all queues, one queue (flashQ's path and
 * the SDK's alias), named `event:` lines carrying flashQ's event object, for pushed,
 * progress, completed and failed. Runs under Node, Bun and Deno.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createEngine, ManualClock } from "../../core/index.ts";
import type { EngineApi } from "../../core/engine-api.ts";
import { createApp } from "../../adapters/http/app.ts";

let engine: EngineApi;
let app: ReturnType<typeof createApp>;

before(async () => {
  engine = createEngine({ clock: new ManualClock(2_000_000) });
  await engine.start();
  app = createApp({ engine, runtime: "test" });
});
after(async () => {
  await engine.stop();
});

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Open an SSE stream and read parsed events from it. */
async function openSse(path: string) {
  const res = await app.request(path);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const seen: SseEvent[] = [];
  return {
    seen,
    /** Read until `done(seen)` holds (or the stream ends). */
    async until(done: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
      while (!done(seen)) {
        let sep: number;
        while ((sep = text.indexOf("\n\n")) >= 0) {
          const block = text.slice(0, sep);
          text = text.slice(sep + 2);
          const ev = /^event: (.*)$/m.exec(block);
          const data = /^data: (.*)$/m.exec(block);
          if (ev && data) seen.push({ event: ev[1]!, data: JSON.parse(data[1]!) });
        }
        if (done(seen)) break;
        const { value, done: ended } = await reader.read();
        if (ended) break;
        text += decoder.decode(value, { stream: true });
      }
      return seen;
    },
    close: () => reader.cancel(),
  };
}

const has = (type: string) => (events: SseEvent[]) => events.some((e) => e.event === type);

describe("SSE events", () => {
  test("GET /events delivers pushed, progress, completed and failed events as named events", async () => {
    const sse = await openSse("/events");
    try {
      const a = engine.push("ev1", { data: { hello: 1 } });
      engine.tryPull("ev1", 1);
      engine.progress(a.id, 50, "half");
      engine.ack(a.id, { r: 2 });
      const b = engine.push("ev1", { data: 2, max_attempts: 1 });
      engine.tryPull("ev1", 1);
      engine.fail(b.id, "kaput");
      const events = await sse.until((es) => ["pushed", "progress", "completed", "failed"].every((t) => has(t)(es)));
      const pushed = events.find((e) => e.event === "pushed")!;
      assert.deepEqual(pushed.data, { event_type: "pushed", queue: "ev1", job_id: a.id, timestamp: pushed.data.timestamp, data: { hello: 1 } });
      const progress = events.find((e) => e.event === "progress")!;
      assert.equal(progress.data.progress, 50);
      assert.equal(progress.data.job_id, a.id);
      const completed = events.find((e) => e.event === "completed")!;
      assert.deepEqual(completed.data.data, { r: 2 });
      const failed = events.find((e) => e.event === "failed")!;
      assert.equal(failed.data.job_id, b.id);
      assert.equal(failed.data.error, "kaput");
    } finally {
      await sse.close();
    }
  });
});

describe("SSE events for one queue", () => {
  for (const path of ["/events/only-me", "/queues/only-me/events"]) {
    test(`${path} delivers only that queue's events`, async () => {
      const sse = await openSse(path);
      try {
        engine.push("someone-else", { data: 0 });
        const mine = engine.push("only-me", { data: 1 });
        const events = await sse.until(has("pushed"));
        assert.ok(events.every((e) => e.data.queue === "only-me"));
        assert.equal(events.find((e) => e.event === "pushed")!.data.job_id, mine.id);
      } finally {
        await sse.close();
      }
    });
  }
});

describe("SSE events of one job", () => {
  test("/events/job/{id}?events=progress,completed delivers only those events of that job", async () => {
    const job = engine.push("per-job", { data: 1 });
    const other = engine.push("per-job", { data: 2 });
    const sse = await openSse(`/events/job/${job.id}?events=progress,completed`);
    try {
      engine.tryPull("per-job", 2);
      engine.progress(other.id, 10);
      engine.progress(job.id, 20);
      engine.ack(other.id);
      engine.ack(job.id, "fine");
      const events = await sse.until(has("completed"));
      assert.deepEqual(events.map((e) => e.event), ["progress", "completed"]);
      assert.ok(events.every((e) => e.data.job_id === job.id));
    } finally {
      await sse.close();
    }
  });
});
