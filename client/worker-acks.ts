/**
 * Batches a worker's acknowledgements: acks issued in the same tick go out as one
 * ACKB (with per-job results when any job returned one); failures go out as pipelined
 * FAILs (coalesced into one socket write by the transport).
 */
import type { FlashQ } from "./client.ts";

/** Collects acks and fails and flushes them once per microtask checkpoint. */
export class AckBatcher {
  readonly #client: FlashQ;
  readonly #onError: (err: unknown) => void;
  #ids: number[] = [];
  #results: unknown[] | null = null;
  #scheduled = false;
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #flush = () => this.flush();

  constructor(client: FlashQ, onError: (err: unknown) => void) {
    this.#client = client;
    this.#onError = onError;
  }

  /** Queue an ack of `id` with `result`. */
  ack(id: number, result: unknown): void {
    const n = this.#ids.length;
    this.#ids.push(id);
    if (result !== undefined && result !== null) {
      if (this.#results === null) this.#results = new Array<unknown>(n).fill(null);
      this.#results.push(result);
    } else if (this.#results !== null) {
      this.#results.push(null);
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flush);
    }
  }

  /** Fail `id` with `message` (sent right away; pipelined). */
  fail(id: number, message: string): void {
    this.#track(this.#client.fail(id, message));
  }

  /** Send what is queued now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#ids.length === 0) return;
    const ids = this.#ids;
    const results = this.#results;
    this.#ids = [];
    this.#results = null;
    for (let i = 0; i < ids.length; i += 1000) {
      const part = ids.length <= 1000 ? ids : ids.slice(i, i + 1000);
      const res = results === null ? undefined : ids.length <= 1000 ? results : results.slice(i, i + 1000);
      this.#track(this.#client.ackBatch(part, res));
    }
  }

  /** Resolves when every ack and fail sent so far has been answered. */
  async settle(): Promise<void> {
    this.flush();
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  #track(p: Promise<unknown>): void {
    this.#inflight.add(p);
    p.then(
      () => this.#inflight.delete(p),
      (err) => {
        this.#inflight.delete(p);
        this.#onError(err);
      },
    );
  }
}
