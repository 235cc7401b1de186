/**
 * Connection management of the {@link FlashQ} client: lazy connect, AUTH, auto-reconnect
 * with exponential delay and jitter, the offline request queue, automatic retry, and
 * typed errors from replies. The TCP transport is loaded with a dynamic import so that
 * the HTTP path (and edge runtimes) never touch `node:net`.
 */
import { ConnectionError } from "../core/errors.ts";
import {
  DEFAULT_COMPRESSION_THRESHOLD,
  DEFAULT_HOST,
  DEFAULT_HTTP_PORT,
  DEFAULT_MAX_QUEUED_REQUESTS,
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  DEFAULT_MAX_RECONNECT_DELAY,
  DEFAULT_PORT,
  DEFAULT_RECONNECT_DELAY,
  DEFAULT_TIMEOUT,
} from "./constants.ts";
import { Emitter } from "./emitter.ts";
import { errorFromReply } from "./errors.ts";
import type { ClientHooks, ConnectionEvent, ConnectionHookContext } from "./hooks.ts";
import { Logger } from "./logger.ts";
import { withRetry, type RetryOptions } from "./retry.ts";
import { HttpTransport } from "./transport/http.ts";
import type { Command, Reply, Transport, TransportOptions } from "./transport/transport.ts";
import type { ClientOptions } from "./types.ts";

/** Connection states of a client. */
export type ConnectionState = "disconnected" | "connecting" | "connected" | "reconnecting" | "closed";

interface Queued {
  command: Command;
  timeoutMs: number;
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
}

/** Throw the typed error of a failed reply; return the reply otherwise. */
export function checkReply(reply: Reply): Reply {
  if (reply.ok === false && reply.error !== undefined) throw errorFromReply(reply);
  return reply;
}

/** Settings derived from {@link ClientOptions} with every default filled in. */
export interface ResolvedClientOptions {
  host: string;
  port: number;
  httpPort: number;
  socketPath?: string;
  timeout: number;
  useHttp: boolean;
  useBinary: boolean;
  autoReconnect: boolean;
  maxReconnectAttempts: number;
  reconnectDelay: number;
  maxReconnectDelay: number;
  queueOnDisconnect: boolean;
  maxQueuedRequests: number;
  trackRequestIds: boolean;
  compression: boolean;
  compressionThreshold: number;
}

function resolve(o: ClientOptions): ResolvedClientOptions {
  return {
    host: o.host ?? DEFAULT_HOST,
    port: o.port ?? DEFAULT_PORT,
    httpPort: o.httpPort ?? DEFAULT_HTTP_PORT,
    socketPath: o.socketPath,
    timeout: o.timeout ?? DEFAULT_TIMEOUT,
    useHttp: o.useHttp ?? false,
    useBinary: o.useBinary ?? false,
    autoReconnect: o.autoReconnect ?? true,
    maxReconnectAttempts: o.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS,
    reconnectDelay: o.reconnectDelay ?? DEFAULT_RECONNECT_DELAY,
    maxReconnectDelay: o.maxReconnectDelay ?? DEFAULT_MAX_RECONNECT_DELAY,
    queueOnDisconnect: o.queueOnDisconnect ?? false,
    maxQueuedRequests: o.maxQueuedRequests ?? DEFAULT_MAX_QUEUED_REQUESTS,
    trackRequestIds: o.trackRequestIds ?? false,
    compression: o.compression ?? false,
    compressionThreshold: o.compressionThreshold ?? DEFAULT_COMPRESSION_THRESHOLD,
  };
}

function retryOptionsOf(retry: ClientOptions["retry"]): RetryOptions | null {
  if (!retry) return null;
  if (retry === true) return { maxRetries: 3, initialDelay: 100, maxDelay: 5000 };
  // As documented: a RetryConfig retries only with `enabled: true` (default false).
  if (retry.enabled !== true) return null;
  return {
    maxRetries: retry.maxRetries ?? 3,
    initialDelay: retry.initialDelay ?? 100,
    maxDelay: retry.maxDelay ?? 5000,
    onRetry: retry.onRetry,
  };
}

/**
 * The connection half of the client. Events: `connect`, `disconnect`, `reconnecting`
 * (attempt), `reconnected`, `error` (error), `close`.
 */
export class ClientConnection extends Emitter {
  /** Resolved options (defaults filled in). */
  readonly options: ResolvedClientOptions;
  /** The client's logger (level from `logLevel`). */
  readonly logger: Logger;
  /** Observability hooks, if any. */
  readonly hooks: ClientHooks | undefined;
  #token: string | undefined;
  #retry: RetryOptions | null;
  #transport: Transport | null = null;
  #state: ConnectionState = "disconnected";
  #connecting: Promise<void> | null = null;
  #offline: Queued[] = [];
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by close(): a connect begun before it must not revive the client. */
  #generation = 0;

  constructor(options: ClientOptions = {}) {
    super();
    this.options = resolve(options);
    this.#token = options.token;
    this.#retry = retryOptionsOf(options.retry);
    this.hooks = options.hooks;
    this.logger = new Logger({ level: options.logLevel ?? "silent", prefix: "flashq" });
  }

  /** The auth token in use, if any. */
  protected get authToken(): string | undefined {
    return this.#token;
  }

  /** Current connection state. */
  get connectionState(): ConnectionState {
    return this.#state;
  }

  /** Whether the client is connected right now. */
  isConnected(): boolean {
    return this.#state === "connected";
  }

  /** Establish the connection (and authenticate when a token is set). Idempotent. */
  connect(): Promise<void> {
    if (this.#state === "connected") return Promise.resolve();
    if (this.#connecting) return this.#connecting;
    this.#state = "connecting";
    const generation = this.#generation;
    this.#connecting = this.#open()
      .then((t) => {
        if (generation !== this.#generation) {
          // close() was called while connecting: drop the new connection, stay closed.
          t.close();
          throw new ConnectionError("Client closed while connecting", "CONNECTION_CLOSED");
        }
        this.#transport = t;
        this.#state = "connected";
        this.#attempt = 0;
        this.logger.info(`Connected to ${this.#where()}`);
        this.emit("connect");
        this.#connectionHook("connect");
      })
      .catch((err: Error) => {
        if (generation !== this.#generation) throw err;
        this.#state = "disconnected";
        this.logger.error("Connection failed", err.message);
        this.#connectionHook("error", err);
        throw err;
      })
      .finally(() => {
        if (generation === this.#generation) this.#connecting = null;
      });
    return this.#connecting;
  }

  /**
   * Close the connection; pending and queued requests fail with CONNECTION_CLOSED, as
   * does a connect() in flight (the connection it opens is dropped). No reconnect
   * attempt is made afterwards.
   */
  async close(): Promise<void> {
    const wasOpen = this.#state !== "closed" && this.#state !== "disconnected";
    this.#state = "closed";
    this.#generation++;
    this.#connecting = null;
    if (this.#reconnectTimer !== undefined) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#rejectOffline(new ConnectionError("Client closed", "CONNECTION_CLOSED"));
    const t = this.#transport;
    this.#transport = null;
    t?.close();
    if (wasOpen) this.emit("close");
  }

  /** Authenticate with a token (also re-sent after every reconnect). */
  async auth(token: string): Promise<void> {
    this.#token = token;
    await this.request({ cmd: "AUTH", token });
  }

  /**
   * Send a command and resolve with its reply; a failed reply rejects with its typed
   * error. Connects lazily; queues or fails while reconnecting; retries if configured.
   */
  request(command: Command, timeoutMs: number = this.options.timeout): Promise<Reply> {
    if (this.#retry === null) return this.#requestOnce(command, timeoutMs);
    return withRetry(() => this.#requestOnce(command, timeoutMs), this.#retry);
  }

  #requestOnce(command: Command, timeoutMs: number): Promise<Reply> {
    const t = this.#transport;
    if (this.#state === "connected" && t !== null && t.isOpen) {
      const p = t.send(command, timeoutMs);
      if (this.options.trackRequestIds) this.logger.debug(`-> ${command.cmd}`, { requestId: command.reqId });
      return p.then(checkReply);
    }
    return this.#requestSlow(command, timeoutMs);
  }

  async #requestSlow(command: Command, timeoutMs: number): Promise<Reply> {
    switch (this.#state) {
      case "closed":
        throw new ConnectionError("Client is closed", "NOT_CONNECTED");
      case "reconnecting":
        if (!this.options.queueOnDisconnect) {
          throw new ConnectionError("Not connected (reconnecting)", "NOT_CONNECTED");
        }
        if (this.#offline.length >= this.options.maxQueuedRequests) {
          throw new ConnectionError(
            `Offline request queue is full (${this.options.maxQueuedRequests})`,
            "QUEUE_FULL",
          );
        }
        return new Promise<Reply>((resolve, reject) => {
          this.#offline.push({ command, timeoutMs, resolve, reject });
        });
      default:
        await this.connect();
        return this.#requestOnce(command, timeoutMs);
    }
  }

  #where(): string {
    const o = this.options;
    if (o.useHttp) return `http://${o.host}:${o.httpPort}`;
    return o.socketPath ?? `${o.host}:${o.port}`;
  }

  async #open(): Promise<Transport> {
    const o = this.options;
    const to: TransportOptions = {
      host: o.host,
      port: o.port,
      httpPort: o.httpPort,
      socketPath: o.socketPath,
      token: this.#token,
      connectTimeout: o.timeout,
      binary: o.useBinary,
      compression: o.compression,
      compressionThreshold: o.compressionThreshold,
      debug: (m, d) => this.logger.debug(m, d),
    };
    let t: Transport;
    if (o.useHttp) {
      t = new HttpTransport(to);
    } else {
      const { TcpTransport } = await import("./transport/tcp.ts");
      t = new TcpTransport(to);
    }
    await t.connect();
    if (this.#token !== undefined && !o.useHttp) {
      try {
        checkReply(await t.send({ cmd: "AUTH", token: this.#token }, o.timeout));
      } catch (err) {
        t.close();
        throw err;
      }
    }
    t.onLost = (err) => this.#onLost(t, err);
    return t;
  }

  #onLost(t: Transport, err: Error): void {
    if (t !== this.#transport || this.#state === "closed") return;
    this.#transport = null;
    this.logger.warn("Connection lost", err.message);
    this.emit("disconnect", err);
    this.#connectionHook("disconnect", err);
    if (this.options.autoReconnect) {
      this.#state = "reconnecting";
      this.#attempt = 0;
      this.#scheduleReconnect();
    } else {
      this.#state = "disconnected";
    }
  }

  /** Delay before reconnect attempt `n` (1-based): base·2^(n-1), capped, plus 0–30 % jitter. */
  reconnectDelayFor(n: number): number {
    const o = this.options;
    const base = Math.min(o.maxReconnectDelay, o.reconnectDelay * Math.pow(2, n - 1));
    return Math.round(base + base * 0.3 * Math.random());
  }

  #scheduleReconnect(): void {
    const n = ++this.#attempt;
    const max = this.options.maxReconnectAttempts;
    if (max > 0 && n > max) {
      const err = new ConnectionError(`Reconnection failed after ${max} attempts`, "RECONNECTION_FAILED");
      this.#state = "disconnected";
      this.#rejectOffline(err);
      this.logger.error(err.message);
      this.#connectionHook("error", err);
      this.emit("error", err);
      return;
    }
    const delay = this.reconnectDelayFor(n);
    this.logger.info(`Reconnecting in ${delay}ms (attempt ${n})`);
    this.emit("reconnecting", n);
    this.#connectionHook("reconnecting", undefined, n);
    const generation = this.#generation;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state !== "reconnecting" || generation !== this.#generation) return;
      this.#open().then(
        (t) => {
          if (this.#state !== "reconnecting" || generation !== this.#generation) {
            t.close();
            return;
          }
          this.#transport = t;
          this.#state = "connected";
          this.#attempt = 0;
          this.logger.info(`Reconnected to ${this.#where()}`);
          this.emit("reconnected");
          this.#connectionHook("reconnected", undefined, n);
          this.#flushOffline(t);
        },
        (err: Error) => {
          if (this.#state !== "reconnecting" || generation !== this.#generation) return;
          this.logger.debug(`Reconnect attempt ${n} failed`, err.message);
          this.#scheduleReconnect();
        },
      );
    }, delay);
  }

  #flushOffline(t: Transport): void {
    const queued = this.#offline;
    this.#offline = [];
    for (const q of queued) {
      t.send(q.command, q.timeoutMs).then(checkReply).then(q.resolve, q.reject);
    }
  }

  #rejectOffline(err: Error): void {
    const queued = this.#offline;
    this.#offline = [];
    for (const q of queued) q.reject(err);
  }

  #connectionHook(event: ConnectionEvent, error?: Error, attempt?: number): void {
    const hook = this.hooks?.onConnection;
    if (!hook) return;
    const ctx: ConnectionHookContext = {
      startTime: Date.now(),
      host: this.options.host,
      port: this.options.useHttp ? this.options.httpPort : this.options.port,
      event,
      error,
      attempt,
    };
    try {
      const r = hook(ctx);
      if (r instanceof Promise) r.catch((e) => this.logger.warn("onConnection hook failed", e));
    } catch (e) {
      this.logger.warn("onConnection hook failed", e);
    }
  }
}

