/**
 * The request-body cap, and the body read, without building a WHATWG Request on Node.
 *
 * Under @hono/node-server `c.req.raw` is a lightweight stand-in for Node's
 * IncomingMessage: touching its `body` (as hono's bodyLimit does first thing, for every
 * request) or reading it (`c.req.text()`) builds a real undici Request with an
 * AbortController and a web stream over the socket. On this 2-core VM that was about
 * half the server's CPU per HTTP push (profile: undici's Request, `makeTransferable`,
 * `createAbortSignal`). So:
 * - {@link bodyCap} decides from the headers: a declared Content-Length is checked
 *   against the cap, and a request off Node's wire with neither Content-Length nor
 *   Transfer-Encoding has no body; other bodies (chunked, or a Request built in the
 *   process) go through hono's bodyLimit, which counts them.
 * - {@link readBodyText} reads a body with a Content-Length straight from the
 *   IncomingMessage when there is one (`c.env.incoming`, Node) that nothing has read
 *   yet; everywhere else (Bun, Deno, `app.request()`) it is `c.req.text()`.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { PayloadTooLargeError } from "../../core/errors.ts";

/** Reject bodies over `maxSize` bytes with `onTooLarge` (given {@link bodyTooLarge}'s error). */
export function bodyCap(maxSize: number, onTooLarge: (c: Context, err: PayloadTooLargeError) => Response): MiddlewareHandler {
  const tooLarge = (c: Context) => onTooLarge(c, bodyTooLarge(maxSize));
  const chunked = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header("content-length");
    const encoding = c.req.header("transfer-encoding");
    if (encoding === undefined) {
      if (length !== undefined) return Number.parseInt(length, 10) > maxSize ? tooLarge(c) : next();
      // A request off the wire with neither header has no body (RFC 9112 §6.3); a Request
      // built in the process (`app.request()`, a fetch handler's caller) may have one.
      if (incomingOf(c) !== undefined) return next();
    }
    return chunked(c, next);
  };
}

/** What is used of Node's IncomingMessage. */
interface NodeIncoming {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly readableFlowing: boolean | null;
  readonly readableEnded: boolean;
  on(event: "data", fn: (chunk: Uint8Array) => void): unknown;
  on(event: "end", fn: () => void): unknown;
  on(event: "error", fn: (err: Error) => void): unknown;
  on(event: "close", fn: () => void): unknown;
}

const utf8 = new TextDecoder();

/** Node's IncomingMessage behind the request (@hono/node-server's `c.env.incoming`), if any. */
function incomingOf(c: Context): NodeIncoming | undefined {
  const inc = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  return inc !== undefined && typeof inc.on === "function" ? inc : undefined;
}

/** The error of a body over `maxSize` bytes (413 naming `body`). */
export function bodyTooLarge(maxSize: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`Request body too large (max ${maxSize} bytes)`, "body");
}

/**
 * The request body as text (UTF-8). Its size was checked by {@link bodyCap}: from the
 * declared Content-Length, which Node's parser holds the body to, or by counting.
 */
export function readBodyText(c: Context): Promise<string> {
  const inc = incomingOf(c);
  // Only a body nobody has started reading, with a declared length (a chunked one went
  // through hono's bodyLimit, which read it into a new Request).
  if (inc === undefined || inc.readableFlowing !== null || inc.readableEnded || inc.headers["content-length"] === undefined || inc.headers["transfer-encoding"] !== undefined) {
    return c.req.text();
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let ended = false;
    inc.on("data", (chunk) => {
      size += chunk.length;
      chunks.push(chunk);
    });
    inc.on("end", () => {
      ended = true;
      if (chunks.length === 1) return resolve(utf8.decode(chunks[0]));
      const all = new Uint8Array(size);
      let at = 0;
      for (const ch of chunks) {
        all.set(ch, at);
        at += ch.length;
      }
      resolve(utf8.decode(all));
    });
    inc.on("error", reject);
    // A client gone mid-body: nothing to answer, but the handler must not wait forever.
    inc.on("close", () => {
      if (!ended) reject(new Error("request closed before its body ended"));
    });
  });
}
