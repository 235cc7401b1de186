/**
 * WebSocket liveness and the connection cap (PROTOCOL.md §8.3, as flashQ): the
 * server pings every 30 s, answers pings (the runtimes do that themselves), closes
 * a socket after 120 s without activity — an event sent or any frame received,
 * pongs included — and refuses more than 100 concurrent sockets with 503.
 *
 * Runtimes differ in what they show of protocol frames: Node's `ws` socket has
 * `ping()` and `pong`/`ping` events; Bun's has `ping()` and reports pongs to the
 * `pong` handler of `Bun.serve` (adapters/bun.ts forwards them to `onPong`); Deno's
 * standard WebSocket shows neither, so there the idle rule is Deno's own
 * `idleTimeout` (it pings when the socket is quiet and closes it when no frame
 * answers), set from the same limit via {@link denoUpgradeOptions}.
 */
import type { WSContext } from "hono/ws";

/** Keep-alive periods and the connection cap. */
export interface WsLimits {
  /** Protocol ping period (ms). */
  pingIntervalMs: number;
  /** Close a socket this long without activity (ms). */
  idleTimeoutMs: number;
  /** Concurrent WebSocket connections of one server (all `/ws*` paths); more get 503. */
  maxConnections: number;
}

/** flashQ's values. */
export const DEFAULT_WS_LIMITS: WsLimits = { pingIntervalMs: 30_000, idleTimeoutMs: 120_000, maxConnections: 100 };

/** Close code and reason of an idle socket (1001 "going away"). */
export const IDLE_CLOSE_CODE = 1001;
export const IDLE_CLOSE_REASON = "Idle timeout";

/** Options for the upgrader: Deno's `idleTimeout` (seconds); Node and Bun ignore it. */
export function denoUpgradeOptions(limits: WsLimits): { idleTimeout: number } {
  return { idleTimeout: Math.max(1, Math.ceil(limits.idleTimeoutMs / 1000)) };
}

/** Open sockets of one app, against its cap. */
export class WsGate {
  private count = 0;
  readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  get open(): number {
    return this.count;
  }
  /** Whether one more socket may be accepted now. */
  get full(): boolean {
    return this.count >= this.max;
  }
  opened(): void {
    this.count++;
  }
  closed(): void {
    if (this.count > 0) this.count--;
  }
}

/** What the runtime's raw socket may offer (duck-typed: `ws` on Node, ServerWebSocket on Bun). */
interface RawSocket {
  ping?: () => void;
  on?: (event: string, fn: () => void) => void;
}

/** Per-socket keep-alive: pings, activity, idle close. */
export class KeepAlive {
  private last = Date.now();
  private pinger: ReturnType<typeof setInterval> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly ws: WSContext;
  private readonly limits: WsLimits;

  /**
   * @param pongsVisible whether pongs reach {@link touch} on this runtime (Bun: via the
   *   entry's `pong` handler); Node's `ws` events are detected here. Without pongs the
   *   idle close is left to the runtime (Deno), so a quiet but healthy client stays.
   */
  constructor(ws: WSContext, limits: WsLimits, pongsVisible: boolean) {
    this.ws = ws;
    this.limits = limits;
    const raw = ws.raw as RawSocket | undefined;
    let visible = pongsVisible;
    if (raw && typeof raw.on === "function") {
      const touch = () => this.touch();
      raw.on("pong", touch);
      raw.on("ping", touch);
      visible = true;
    }
    if (raw && typeof raw.ping === "function") {
      this.pinger = setInterval(() => this.ping(raw), Math.max(1, limits.pingIntervalMs));
      unref(this.pinger);
    }
    if (visible) this.armIdle(limits.idleTimeoutMs);
  }

  /** Activity: an event sent or a frame received. */
  touch(): void {
    this.last = Date.now();
  }

  private ping(raw: RawSocket): void {
    try {
      raw.ping!();
    } catch {
      // a socket that cannot be pinged is closing anyway
    }
  }

  /** Check for idleness when the idle limit would be reached (re-armed after activity). */
  private armIdle(delay: number): void {
    this.idleTimer = setTimeout(() => {
      if (this.stopped) return;
      const remaining = this.last + this.limits.idleTimeoutMs - Date.now();
      if (remaining > 0) return this.armIdle(remaining);
      this.stop();
      try {
        this.ws.close(IDLE_CLOSE_CODE, IDLE_CLOSE_REASON);
      } catch {
        // already closing
      }
    }, Math.max(1, delay));
    unref(this.idleTimer);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pinger);
    clearTimeout(this.idleTimer);
  }
}

function unref(t: unknown): void {
  (t as { unref?: () => void }).unref?.();
}
