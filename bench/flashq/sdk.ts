/**
 * Loads our client SDK dynamically, so the harness runs (and reports "absent") before the
 * SDK exists. Only the small surface the benchmark needs is typed here.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CANDIDATES = ["client/index.ts", "client/mod.ts", "client/flashq.ts"];

/** The client methods the benchmark calls. */
export interface SdkClient {
  connect(): Promise<void>;
  close(): Promise<void>;
  push(queue: string, data: unknown, opts?: object): Promise<{ id: number }>;
  pushBatch(queue: string, jobs: Array<{ data: unknown }>): Promise<number[]>;
  obliterate(queue: string): Promise<unknown>;
}

/** The Worker methods the benchmark calls. */
export interface SdkWorker {
  start(): Promise<void>;
  close(force?: boolean): Promise<void>;
  on(event: string, fn: (...args: any[]) => void): unknown;
}

/** Constructors exported by the SDK. */
export interface Sdk {
  path: string;
  FlashQ: new (opts: object) => SdkClient;
  Worker: new (queue: string, processor: (job: { id: number; data: unknown }) => unknown, opts: object) => SdkWorker;
}

/** Import the SDK entry, or return a reason why it is not usable yet. */
export async function loadSdk(): Promise<Sdk | string> {
  for (const rel of CANDIDATES) {
    const abs = ROOT + rel;
    if (!existsSync(abs)) continue;
    try {
      const mod = (await import(abs)) as Record<string, unknown>;
      if (typeof mod.FlashQ === "function" && typeof mod.Worker === "function") {
        return { path: rel, FlashQ: mod.FlashQ as Sdk["FlashQ"], Worker: mod.Worker as Sdk["Worker"] };
      }
      return `${rel} does not export FlashQ and Worker`;
    } catch (err) {
      return `${rel} failed to load: ${(err as Error).message}`;
    }
  }
  return `no SDK entry yet (looked for ${CANDIDATES.join(", ")})`;
}
