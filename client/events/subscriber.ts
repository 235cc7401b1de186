/**
 * Real-time job events over SSE (fetch streaming, no EventSource dependency) or
 * WebSocket (global WebSocket; the `ws` package on Node 20), with auto-reconnect.
 *
 * Events: `connected`, `disconnected`, `reconnecting` (attempt), `error` (error),
 * `event` (JobEvent) and one per event type: `pushed`, `completed`, `failed`,
 * `progress`, `timeout`.
 */
import { ConnectionError } from "../../core/errors.ts";
import { DEFAULT_HOST, DEFAULT_HTTP_PORT, DEFAULT_MAX_RECONNECT_ATTEMPTS, DEFAULT_RECONNECT_DELAY, DEFAULT_TIMEOUT } from "../constants.ts";
import { Emitter } from "../emitter.ts";
import { Logger } from "../logger.ts";
import type { EventSubscriberOptions } from "../types.ts";
import { SseParser, toJobEvent } from "./parse.ts";

const MAX_RECONNECT_DELAY = 30000;

interface Stream {
  close(): void;
}

/** Minimal shape of a WebSocket (browser API or `ws`). */
interface WsLike {
  onopen: ((e: unknown) => void) | null;
  onclose: ((e: unknown) => void) | null;
  onerror: ((e: unknown) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}
type WsCtor = new (url: string) => WsLike;

let wsCtor: Promise<WsCtor> | null = null;

/** The WebSocket constructor: the global one, else the `ws` package (Node 20). */
function webSocketCtor(): Promise<WsCtor> {
  const g = (globalThis as { WebSocket?: WsCtor }).WebSocket;
  if (g) return Promise.resolve(g);
  if (!wsCtor) {
    const name = "ws"; // a variable specifier: bundlers for edge runtimes leave it alone
    wsCtor = import(name).then((m: { default?: WsCtor; WebSocket?: WsCtor }) => (m.WebSocket ?? m.default) as WsCtor);
  }
  return wsCtor;
}

/** Subscribes to a server's job events. */
export class EventSubscriber extends Emitter {
  readonly #o: Required<Omit<EventSubscriberOptions, "token" | "queue">> & { token?: string; queue?: string };
  readonly #log: Logger;
  #stream: Stream | null = null;
  #connecting: Promise<void> | null = null;
  #connected = false;
  #closed = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: EventSubscriberOptions = {}) {
    super();
    this.#o = {
      host: options.host ?? DEFAULT_HOST,
      httpPort: options.httpPort ?? DEFAULT_HTTP_PORT,
      token: options.token,
      queue: options.queue,
      type: options.type ?? "sse",
      autoReconnect: options.autoReconnect ?? true,
      reconnectDelay: options.reconnectDelay ?? DEFAULT_RECONNECT_DELAY,
      maxReconnectAttempts: options.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS,
      debug: options.debug ?? false,
    };
    this.#log = new Logger({ level: this.#o.debug ? "debug" : "silent", prefix: "flashq:events" });
  }

  /** Whether the stream is open. */
  isConnected(): boolean {
    return this.#connected;
  }

  /** Open the stream. Idempotent: concurrent calls share one attempt. */
  connect(): Promise<void> {
    if (this.#connected) return Promise.resolve();
    if (this.#connecting) return this.#connecting;
    this.#closed = false;
    this.#connecting = this.#open().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  /** Close the stream and stop reconnecting. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const s = this.#stream;
    this.#stream = null;
    s?.close();
    if (this.#connected) {
      this.#connected = false;
      this.emit("disconnected");
    }
  }

  #host(): string {
    const h = this.#o.host;
    return h.includes(":") ? `[${h}]` : h;
  }

  async #open(): Promise<void> {
    const stream = this.#o.type === "websocket" ? await this.#openWs() : await this.#openSse();
    if (this.#closed) {
      stream.close();
      return;
    }
    this.#stream = stream;
    this.#connected = true;
    this.#attempt = 0;
    this.#log.debug("connected");
    this.emit("connected");
  }

  #onMessage(payload: string, fallbackType?: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(payload);
    } catch {
      this.#log.debug("unparsable event", payload);
      return;
    }
    const ev = toJobEvent(raw, fallbackType);
    if (!ev) return;
    this.emit("event", ev);
    this.emit(ev.eventType, ev);
  }

  #onLost(stream: Stream, err?: Error): void {
    if (stream !== this.#stream) return;
    this.#stream = null;
    if (this.#connected) {
      this.#connected = false;
      this.emit("disconnected");
    }
    // A lost stream is reported as `disconnected` (then `reconnecting`), not as an error.
    if (err) this.#log.debug("stream lost", err.message);
    if (!this.#closed && this.#o.autoReconnect) this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const n = ++this.#attempt;
    const max = this.#o.maxReconnectAttempts;
    if (max > 0 && n > max) {
      this.emit("error", new ConnectionError(`Reconnection failed after ${max} attempts`, "RECONNECTION_FAILED"));
      return;
    }
    const base = Math.min(MAX_RECONNECT_DELAY, this.#o.reconnectDelay * Math.pow(2, n - 1));
    const delay = Math.round(base + base * 0.3 * Math.random());
    this.emit("reconnecting", n);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed) return;
      this.connect().catch((err: Error) => {
        this.#log.debug(`reconnect attempt ${n} failed`, err.message);
        if (!this.#closed) this.#scheduleReconnect();
      });
    }, delay);
  }

  async #openSse(): Promise<Stream> {
    const o = this.#o;
    const path = o.queue ? `/queues/${encodeURIComponent(o.queue)}/events` : "/events";
    const url = `http://${this.#host()}:${o.httpPort}${path}${o.token ? `?token=${encodeURIComponent(o.token)}` : ""}`;
    const ac = new AbortController();
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    const timer = setTimeout(() => ac.abort(), DEFAULT_TIMEOUT);
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: ac.signal });
    } catch (err) {
      throw new ConnectionError(`SSE connection to ${url} failed: ${(err as Error).message}`, "CONNECTION_FAILED", err);
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => {});
      throw new ConnectionError(`SSE connection to ${url} failed: HTTP ${res.status}`, "CONNECTION_FAILED");
    }
    const reader = res.body.getReader();
    const stream: Stream = {
      close: () => {
        ac.abort();
        reader.cancel().catch(() => {});
      },
    };
    void this.#readSse(stream, reader, ac);
    return stream;
  }

  async #readSse(stream: Stream, reader: ReadableStreamDefaultReader<Uint8Array>, ac: AbortController): Promise<void> {
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let error: Error | undefined;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const m of parser.push(decoder.decode(value, { stream: true }))) this.#onMessage(m.data, m.event);
      }
    } catch (err) {
      if (!ac.signal.aborted) error = new ConnectionError(`SSE stream failed: ${(err as Error).message}`, "CONNECTION_CLOSED", err);
    }
    this.#onLost(stream, error);
  }

  async #openWs(): Promise<Stream> {
    const o = this.#o;
    const Ctor = await webSocketCtor();
    const path = o.queue ? `/ws/${encodeURIComponent(o.queue)}` : "/ws";
    const url = `ws://${this.#host()}:${o.httpPort}${path}${o.token ? `?token=${encodeURIComponent(o.token)}` : ""}`;
    return new Promise<Stream>((resolve, reject) => {
      const ws = new Ctor(url);
      let open = false;
      const stream: Stream = { close: () => ws.close() };
      const timer = setTimeout(() => {
        if (open) return;
        ws.onclose = ws.onerror = null;
        ws.close();
        reject(new ConnectionError(`WebSocket connection to ${url} timed out`, "CONNECTION_TIMEOUT"));
      }, DEFAULT_TIMEOUT);
      ws.onopen = () => {
        open = true;
        clearTimeout(timer);
        if (o.token) ws.send(JSON.stringify({ type: "auth", token: o.token }));
        resolve(stream);
      };
      ws.onmessage = (e) => {
        const d = e.data;
        this.#onMessage(typeof d === "string" ? d : String(d));
      };
      ws.onerror = (e) => {
        if (!open) {
          clearTimeout(timer);
          ws.onclose = null;
          reject(new ConnectionError(`WebSocket connection to ${url} failed: ${(e as { message?: string }).message ?? "error"}`, "CONNECTION_FAILED"));
        }
      };
      ws.onclose = () => {
        if (!open) {
          clearTimeout(timer);
          reject(new ConnectionError(`WebSocket connection to ${url} closed`, "CONNECTION_FAILED"));
          return;
        }
        this.#onLost(stream);
      };
    });
  }
}
