/** The storage conformance suite against the engine's in-process MemoryStorage (durable mode). */
import { MemoryStorage } from "../../core/index.ts";
import { buildExternalJob } from "../../adapters/storage/external-job.ts";
import { describeStorage } from "../conformance/storage.ts";

describeStorage(
  "memory",
  async () => {
    const storage = new MemoryStorage({ durable: true });
    let nextId = 50_000_000;
    return {
      // The same instance plays the "database": reopening returns it again.
      open: async () => ({ storage }),
      async insertExternal(queue, inputs, now) {
        return inputs.map((input) => {
          const stored = buildExternalJob(nextId++, queue, input, now);
          storage.insertExternal(stored);
          return stored.job.id;
        });
      },
      async cleanup() {},
    };
  },
  { durable: true, ids: false, external: true },
);
