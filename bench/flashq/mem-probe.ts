/**
 * Preload module for the benchmarked server child (`--import` before the server entry).
 * Over the IPC channel that `fork` opens it answers:
 * - `{type:"bench-mem", id}` → runs `gc()` (when `--expose-gc`) and replies with
 *   `{type:"bench-mem", id, mem: process.memoryUsage()}`;
 * - `{type:"bench-exit"}` → `process.exit(0)` (so `--cpu-prof` writes its profile).
 * It also exits when the parent goes away, so no server is left orphaned.
 * The server code is not touched: without IPC this module does nothing.
 */

if (typeof process.send === "function") {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (!g.gc && g.Bun) g.gc = () => g.Bun?.gc(true);
  process.on("message", (m: unknown) => {
    const msg = m as { type?: string; id?: number } | null;
    if (msg?.type === "bench-mem") {
      if (g.gc) {
        g.gc();
        g.gc();
      }
      process.send?.({ type: "bench-mem", id: msg.id, mem: process.memoryUsage(), gc: Boolean(g.gc) });
    } else if (msg?.type === "bench-exit") {
      process.exit(0);
    }
  });
  process.on("disconnect", () => process.exit(0));
}
