/**
 * Redis plumbing for the BullMQ side: reachability probe, `INFO memory`, and key cleanup
 * limited to the benchmark's own key prefix (never FLUSHALL: Redis may hold others' data).
 */
import { Redis } from "ioredis";

/** Where the local Redis lives (loopback only; BENCH_REDIS_PORT overrides the port). */
export const REDIS = { host: "127.0.0.1", port: Number(process.env.BENCH_REDIS_PORT ?? 6379) } as const;

/** Open a plain ioredis client that fails fast instead of retrying forever. */
export function openRedis(): Redis {
  return new Redis({ ...REDIS, lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 1, retryStrategy: () => null });
}

/** Resolve to `null` when Redis answers PING, else to a human-readable reason. */
export async function probeRedis(): Promise<string | null> {
  const r = openRedis();
  r.on("error", () => {});
  try {
    await r.connect();
    const pong = await r.ping();
    return pong === "PONG" ? null : `unexpected PING reply ${pong}`;
  } catch (err) {
    return `Redis at ${REDIS.host}:${REDIS.port} did not answer (${(err as Error).message})`;
  } finally {
    r.disconnect();
  }
}

/** `used_memory` (bytes) from `INFO memory`. */
export async function usedMemory(r: Redis): Promise<number> {
  const info = await r.info("memory");
  const m = /used_memory:(\d+)/.exec(info);
  if (!m) throw new Error("INFO memory has no used_memory");
  return Number(m[1]);
}

/** Delete every key under `prefix:` with SCAN + UNLINK; returns how many were deleted. */
export async function deletePrefix(r: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 5000);
    cursor = next;
    if (keys.length) deleted += await r.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}
