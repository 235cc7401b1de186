/**
 * Reading a request body as text under a byte cap, without buffering more than
 * the cap when the client streams (no Content-Length).
 */
import { ValidationError } from "../core/errors.ts";
import { PayloadTooLargeError } from "./push-schema.ts";

/** The body text, its byte size and its parsed JSON. */
export interface JsonBody {
  raw: string;
  bytes: number;
  value: unknown;
}

function tooLarge(bytes: number | string, max: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`Request body too large (${bytes} bytes, max ${max} bytes)`, "body");
}

async function readCapped(body: ReadableStream<Uint8Array>, max: number): Promise<{ raw: string; bytes: number }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge(`more than ${max}`, max);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { raw: new TextDecoder().decode(all), bytes };
}

/**
 * Read and parse a JSON body of at most `max` bytes.
 * Throws PayloadTooLargeError (413) or ValidationError (400) for malformed JSON.
 */
export async function readJsonBody(req: Request, max: number): Promise<JsonBody> {
  const len = req.headers.get("content-length");
  let raw: string;
  let bytes: number;
  if (len !== null) {
    bytes = Number(len);
    if (!(bytes <= max)) throw tooLarge(len, max);
    raw = await req.text();
  } else if (req.body === null) {
    raw = "";
    bytes = 0;
  } else {
    ({ raw, bytes } = await readCapped(req.body, max));
  }
  // As the server does: an empty body is `{}` (the schema then names what is missing).
  if (raw.trim() === "") return { raw: "{}", bytes, value: {} };
  try {
    return { raw, bytes, value: JSON.parse(raw) };
  } catch (err) {
    throw new ValidationError(`Invalid JSON body: ${(err as Error).message}`, "body");
  }
}
