/**
 * Preload module for the benchmarked server child (`--import` before the server entry).
 * Over the IPC channel that `fork` opens it answers:
 * - `{type:"bench-mem", id}` → runs `gc()` (when `--expose-gc`) and replies with
 *   `{type:"bench-mem", id, mem: process.memoryUsage()}`;
 * - `{type:"bench-prof", id, action:"start"|"stop", file?}` → V8 CPU profile of this thread
 *   through `node:inspector` (so start-up is not in the profile); "stop" writes `file`;
 * - `{type:"bench-exit"}` → `process.exit(0)`.
 * It also exits when the parent goes away, so no server is left orphaned.
 * The server code is not touched: without IPC this module does nothing.
 */
import { writeFileSync } from "node:fs";

if (typeof process.send === "function") {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (!g.gc && g.Bun) g.gc = () => g.Bun?.gc(true);
  let session: import("node:inspector").Session | undefined;
  const post = (method: string, params?: object): Promise<any> =>
    new Promise((resolve, reject) => session!.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  const reply = (m: object): void => void process.send?.(m);

  async function profile(action: string, file?: string): Promise<void> {
    if (action === "start") {
      const inspector = await import("node:inspector");
      session = new inspector.Session();
      session.connect();
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: 200 });
      await post("Profiler.start");
    } else if (session) {
      const { profile: p } = await post("Profiler.stop");
      if (file) writeFileSync(file, JSON.stringify(p));
      session.disconnect();
      session = undefined;
    }
  }

  process.on("message", (m: unknown) => {
    const msg = m as { type?: string; id?: number; action?: string; file?: string } | null;
    if (msg?.type === "bench-mem") {
      if (g.gc) {
        g.gc();
        g.gc();
      }
      reply({ type: "bench-mem", id: msg.id, mem: process.memoryUsage(), gc: Boolean(g.gc) });
    } else if (msg?.type === "bench-prof") {
      profile(msg.action ?? "", msg.file).then(
        () => reply({ type: "bench-prof", id: msg.id, ok: true }),
        (err: Error) => reply({ type: "bench-prof", id: msg.id, ok: false, error: err.message }),
      );
    } else if (msg?.type === "bench-exit") {
      process.exit(0);
    }
  });
  process.on("disconnect", () => process.exit(0));
}
