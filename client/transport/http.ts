/**
 * HTTP transport: every command becomes a REST call made with `fetch` only, so this
 * path runs in edge runtimes too (no node:* imports here). Replies are converted to
 * the TCP shape by `http-routes.ts`.
 */
import { AuthenticationError, ConnectionError, ServerError, TimeoutError, ValidationError } from "../../core/errors.ts";
import { replyOf, routeOf } from "./http-routes.ts";
import type { Command, Reply, Transport, TransportOptions } from "./transport.ts";

/** HTTP transport over `fetch`. */
export class HttpTransport implements Transport {
  onLost?: (error: Error) => void;
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #connectTimeout: number;
  #open = false;
  readonly #inflight = new Set<AbortController>();

  constructor(opts: TransportOptions) {
    this.#base = `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${opts.httpPort}`;
    this.#headers = { "Content-Type": "application/json" };
    if (opts.token) this.#headers.Authorization = `Bearer ${opts.token}`;
    this.#connectTimeout = opts.connectTimeout;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Base URL of the server's HTTP API. */
  get baseUrl(): string {
    return this.#base;
  }

  /** Set (or replace) the bearer token sent with every request. */
  setToken(token: string): void {
    this.#headers.Authorization = `Bearer ${token}`;
  }

  /** Checks that the server answers (GET /health). */
  async connect(): Promise<void> {
    await this.#call({ cmd: "PING" }, this.#connectTimeout, true);
    this.#open = true;
  }

  send(command: Command, timeoutMs: number): Promise<Reply> {
    if (!this.#open) return Promise.reject(new ConnectionError("Not connected", "NOT_CONNECTED"));
    return this.#call(command, timeoutMs, false);
  }

  close(): void {
    this.#open = false;
    for (const ac of this.#inflight) ac.abort();
    this.#inflight.clear();
  }

  async #call(command: Command, timeoutMs: number, connecting: boolean): Promise<Reply> {
    if (command.cmd === "AUTH") {
      if (typeof command.token === "string") this.setToken(command.token);
      return { ok: true };
    }
    const route = routeOf(command);
    if (!route) throw new ValidationError(`HTTP not supported for command: ${command.cmd}`, "cmd");
    const ac = new AbortController();
    this.#inflight.add(ac);
    let timedOut = false;
    const timer = timeoutMs > 0 ? setTimeout(() => { timedOut = true; ac.abort(); }, timeoutMs) : undefined;
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.#base + route.path, {
        method: route.method,
        headers: this.#headers,
        body: route.body === undefined ? undefined : JSON.stringify(route.body),
        signal: ac.signal,
      });
      text = await res.text();
    } catch (err) {
      if (timedOut) {
        throw connecting
          ? new ConnectionError(`Connection timeout after ${timeoutMs}ms`, "CONNECTION_TIMEOUT")
          : new TimeoutError(`Request timeout after ${timeoutMs}ms (${command.cmd})`, timeoutMs);
      }
      if (ac.signal.aborted) throw new ConnectionError("Connection closed", "CONNECTION_CLOSED");
      throw new ConnectionError(`HTTP request to ${this.#base} failed: ${(err as Error).message}`, "CONNECTION_FAILED", err);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.#inflight.delete(ac);
    }
    let body: Reply | undefined;
    try {
      body = text.length ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (body && typeof body === "object" && typeof body.ok === "boolean") {
      if (!body.ok) return body; // {ok:false, error, code?, ...}: the client maps it.
      const reply = replyOf(command, body.data);
      // Fields next to `data` (e.g. a batch push's `errors`) complete the reply.
      for (const k in body) if (k !== "ok" && k !== "data" && !(k in reply)) reply[k] = body[k];
      return reply;
    }
    // Not our envelope: a framework-level failure (plain-text body).
    const message = (text || res.statusText || `HTTP ${res.status}`).slice(0, 500);
    if (res.status === 401 || res.status === 403) throw new AuthenticationError(message);
    if (res.status === 400 || res.status === 415 || res.status === 422) throw new ValidationError(message);
    if (res.ok) return replyOf(command, body);
    throw new ServerError(`HTTP ${res.status}: ${message}`, res.status >= 500 ? "SERVICE_UNAVAILABLE" : "SERVER_ERROR");
  }
}
