/**
 * `COPY … FROM STDIN` through postgres.js in one transaction, for {@link SqlPort.copyIn}.
 *
 * postgres.js 3.4.9 streams COPY data through a Writable, with traps handled here:
 * - a COPY that fails after the stream has ended (CopyDone sent) never settles the
 *   stream (porsager/postgres#1173): a `select 1` is queued right behind it, which
 *   settles either way, and fails ("transaction aborted") when the COPY did;
 * - that query is refused ("COPY_IN_PROGRESS") until the stream has sent CopyDone,
 *   which it does at `end()` only once every chunk has been handed to the socket: each
 *   chunk's write is awaited, and a refused check is asked again after a turn of I/O;
 * - throwing while the stream is open would leave the connection in COPY mode (the
 *   ROLLBACK refused too): the stream is destroyed first, which sends CopyFail.
 */
import type { Writable } from "node:stream";
import type { Sql } from "./driver.ts";
import { yieldToIo } from "../storage/yield-to-io.ts";


/** Turns of I/O the check behind the COPY waits for CopyDone to go out before giving up. */
const MAX_CHECK_WAITS = 1000;

/** Hand `chunk` to the socket; resolves when it is there, or when the stream is gone. */
function written(w: Writable, chunk: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      w.off("close", done);
      resolve();
    };
    w.once("close", done);
    w.write(chunk, done);
  });
}

/** `select 1` behind the COPY: resolves once the COPY succeeded, rejects if it failed. */
async function checkBehind(tx: { unsafe(q: string): PromiseLike<unknown> }): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await tx.unsafe("select 1");
      return;
    } catch (err) {
      if ((err as { code?: unknown })?.code !== "COPY_IN_PROGRESS" || i >= MAX_CHECK_WAITS) throw err;
      await yieldToIo();
    }
  }
}

/** Write the chunks of `next()` through `statement` and commit; see the file comment. */
export async function copyIn(sql: Sql, statement: string, next: () => string | null): Promise<void> {
  await sql.begin(async (tx) => {
    const w = (await tx.unsafe(statement).writable()) as unknown as Writable;
    let failed: Error | null = null;
    w.on("error", (err: Error) => {
      failed ??= err;
    });
    let ended: Promise<void>;
    try {
      // The next chunk is encoded while PostgreSQL parses this one.
      for (let chunk = next(); chunk !== null; chunk = next()) {
        if (failed) throw failed;
        await written(w, chunk);
      }
      if (failed) throw failed;
      ended = new Promise<void>((resolve, reject) => {
        w.once("error", reject);
        w.end(() => resolve());
      });
      ended.catch(() => {}); // awaited below when the COPY succeeded; never settles when it failed
      await checkBehind(tx);
    } catch (err) {
      if (!w.destroyed && !w.writableFinished) w.destroy(err as Error);
      throw err;
    }
    await ended;
  });
}
