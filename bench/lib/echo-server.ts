/**
 * Child-process script: a bare loopback TCP MessagePack "echo" server used to measure the
 * transport ceiling. It decodes each frame and answers like a queue server would
 * (PUSHB → ids, PUSH → id, else ok) without storing anything.
 * Reports its port to the parent over IPC (`{port}`).
 */
import { createServer } from "node:net";
import { encodeFrame, FrameReader } from "./frame-client.ts";
import { lowerHelperThreads } from "../../adapters/helper-threads.ts";
import { helperThreadsFromEnv } from "../../adapters/config.ts";

// Same scheduling of helper threads as our server's default (HELPER_THREADS), so the
// ceiling is measured under the same conditions.
lowerHelperThreads(helperThreadsFromEnv(process.env));

let nextId = 1;
const server = createServer({ noDelay: true }, (socket) => {
  const reader = new FrameReader((msg) => {
    if (msg.cmd === "PUSHB") {
      const n = Array.isArray(msg.jobs) ? msg.jobs.length : 0;
      const ids = new Array<number>(n);
      for (let i = 0; i < n; i++) ids[i] = nextId++;
      socket.write(encodeFrame({ reqId: msg.reqId, ok: true, ids }));
    } else if (msg.cmd === "PUSH") {
      socket.write(encodeFrame({ reqId: msg.reqId, ok: true, id: nextId++ }));
    } else {
      socket.write(encodeFrame({ reqId: msg.reqId, ok: true }));
    }
  });
  socket.on("data", (c: Buffer) => reader.push(c));
  socket.on("error", () => socket.destroy());
});
server.listen(0, "127.0.0.1", () => {
  const addr = server.address();
  process.send?.({ port: typeof addr === "object" && addr ? addr.port : 0 });
});
process.on("disconnect", () => process.exit(0));
