/**
 * Builds the engine a server runs: storage from `DATABASE_URL` (via
 * `storage/open.ts`), the system clock, and — with more than one shard — a
 * {@link ShardRouter} over several engines.
 */
import { createEngine } from "../core/index.ts";
import type { EngineApi } from "../core/engine-api.ts";
import { openStorage } from "./storage/open.ts";
import { SystemClock } from "./system-clock.ts";
import { ShardRouter } from "./shard-router.ts";

/** Options of {@link buildEngine}. */
export interface BuildEngineOptions {
  databaseUrl?: string;
  durability?: "sync" | "async";
  shards?: number;
}

/** A started engine and whether replies must wait for commits. */
export interface BuiltEngine {
  engine: EngineApi;
  /** Storage is durable and the mode is "sync": await `settled()` before replying. */
  durable: boolean;
  /** Stop the engine (flushing pending changes), then release storage. */
  close(): Promise<void>;
}

/** Open storage, create and start the engine (or shard router). */
export async function buildEngine(opts: BuildEngineOptions = {}): Promise<BuiltEngine> {
  const clock = new SystemClock();
  const shards = opts.shards ?? 1;
  if (shards <= 1) {
    const { storage, ids } = await openStorage(opts.databaseUrl);
    const engine = createEngine({ clock, storage, ids, durabilityMode: opts.durability ?? "sync" });
    try {
      await engine.start();
    } catch (err) {
      await storage?.close().catch(() => {});
      throw err;
    }
    return {
      engine,
      durable: storage?.durable === true && opts.durability !== "async",
      async close() {
        await engine.stop();
        await storage?.close();
      },
    };
  }
  if (opts.databaseUrl) {
    throw new Error("SHARDS > 1 is only supported with in-memory storage");
  }
  const engines = [];
  for (let k = 0; k < shards; k++) engines.push(createEngine({ clock, ids: ShardRouter.idSource(k, shards) }));
  const router = new ShardRouter(engines);
  await router.start();
  return { engine: router, durable: false, close: () => router.stop() };
}
