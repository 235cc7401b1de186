/**
 * The `FlashQ` client: direct access to every server operation over TCP (JSON or
 * MessagePack) or HTTP.
 *
 * @example
 * const client = new FlashQ({ host: 'localhost', port: 6789 });
 * await client.connect();
 * const job = await client.push('emails', { to: 'user@example.com' });
 * await client.close();
 */
import { FlashQAdmin } from "./client-admin.ts";
import { EventSubscriber } from "./events/subscriber.ts";

/** The flashQ client. */
export class FlashQ extends FlashQAdmin {
  /**
   * Subscribe to job events over SSE (all queues when `queue` is omitted). The
   * subscriber starts connecting at once; `await subscriber.connect()` waits for it.
   */
  subscribe(queue?: string): EventSubscriber {
    return this.#subscriber(queue, "sse");
  }

  /** Subscribe to job events over WebSocket. */
  subscribeWs(queue?: string): EventSubscriber {
    return this.#subscriber(queue, "websocket");
  }

  #subscriber(queue: string | undefined, type: "sse" | "websocket"): EventSubscriber {
    const o = this.options;
    const sub = new EventSubscriber({
      host: o.host,
      httpPort: o.httpPort,
      token: this.authToken,
      queue,
      type,
      autoReconnect: o.autoReconnect,
      reconnectDelay: o.reconnectDelay,
      maxReconnectAttempts: o.maxReconnectAttempts,
      debug: this.logger.isLevelEnabled("debug"),
    });
    sub.connect().catch((err) => sub.emit("error", err));
    return sub;
  }
}

export default FlashQ;
