/**
 * The transport port of the client: sends one command, resolves with the raw reply
 * (`{ok, ...}` in the TCP protocol's shape, whatever the transport). Connection
 * management (reconnect, offline queue, auth) lives above it, in the client.
 */

/** A reply in the TCP protocol's shape: `{ok: true, ...payload}` or `{ok: false, error, code?, ...}`. */
// deno-lint-ignore no-explicit-any
export type Reply = Record<string, any>;

/** A command: `{cmd, ...fields}`. The transport adds what it needs (e.g. `reqId`). */
export type Command = Record<string, unknown> & { cmd: string };

/** One way to talk to a server. */
export interface Transport {
  /** Open the connection; rejects with a ConnectionError. */
  connect(): Promise<void>;
  /** Send a command; resolves with its reply, rejects with TimeoutError / ConnectionError. */
  send(command: Command, timeoutMs: number): Promise<Reply>;
  /** Close now; pending requests reject with a ConnectionError (CONNECTION_CLOSED). */
  close(): void;
  /** Whether the transport can send right now. */
  readonly isOpen: boolean;
  /** Called once when an open connection is lost (not after `close()`). */
  onLost?: (error: Error) => void;
}

/** Options shared by the transports. */
export interface TransportOptions {
  host: string;
  port: number;
  httpPort: number;
  socketPath?: string;
  token?: string;
  connectTimeout: number;
  binary: boolean;
  compression: boolean;
  compressionThreshold: number;
  /** Debug sink for unmatched replies etc. */
  debug?: (message: string, data?: unknown) => void;
}
