/**
 * One turn of the event loop's I/O phase, with no timer delay: lets a driver put a
 * queued message on the wire, or a socket take a written chunk, before going on.
 * `setImmediate` on Node, Bun and Deno; a zero timer elsewhere.
 */
export const yieldToIo: () => Promise<void> =
  typeof setImmediate === "function" ? () => new Promise((resolve) => setImmediate(resolve)) : () => new Promise((resolve) => setTimeout(resolve, 0));
