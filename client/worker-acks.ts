/**
 * Batches a worker's acknowledgements: acks issued in the same tick go out as one
 * ACKB (with per-job results when any job returned one); failures go out as pipelined
 * FAILs (coalesced into one socket write by the transport). `onAcked` is called once
 * the server confirmed a batch, so a worker's `completed` event means "completed on
 * the server".
 */
import type { FlashQ } from "./client.ts";

const RESOLVED = Promise.resolve();

/** Called with the jobs (and their results) of a confirmed ACKB. */
export type OnAcked<J> = (jobs: J[], results: unknown[]) => void;

/** Collects acks and fails and flushes them once per microtask checkpoint. */
export class AckBatcher<J extends { id: number }> {
  readonly #client: FlashQ;
  readonly #onError: (err: unknown) => void;
  readonly #onAcked: OnAcked<J>;
  #jobs: J[] = [];
  #results: unknown[] = [];
  #anyResult = false;
  #scheduled = false;
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #flush = () => this.flush();

  constructor(client: FlashQ, onError: (err: unknown) => void, onAcked: OnAcked<J>) {
    this.#client = client;
    this.#onError = onError;
    this.#onAcked = onAcked;
  }

  /** Queue an ack of `job` with `result`. */
  ack(job: J, result: unknown): void {
    this.#jobs.push(job);
    this.#results.push(result);
    if (result !== undefined && result !== null) this.#anyResult = true;
    if (!this.#scheduled) {
      this.#scheduled = true;
      void RESOLVED.then(this.#flush); // a microtask, without queueMicrotask's AsyncResource (Node)
    }
  }

  /** Fail `id` with `message` (sent right away; pipelined). */
  fail(id: number, message: string): void {
    this.#track(this.#client.fail(id, message));
  }

  /** Send what is queued now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#jobs.length === 0) return;
    const jobs = this.#jobs;
    const results = this.#results;
    const withResults = this.#anyResult;
    this.#jobs = [];
    this.#results = [];
    this.#anyResult = false;
    for (let i = 0; i < jobs.length; i += 1000) {
      const partJobs = jobs.length <= 1000 ? jobs : jobs.slice(i, i + 1000);
      const partResults = jobs.length <= 1000 ? results : results.slice(i, i + 1000);
      const ids = new Array<number>(partJobs.length);
      for (let k = 0; k < partJobs.length; k++) ids[k] = partJobs[k]!.id;
      this.#track(
        this.#client
          .ackBatch(ids, withResults ? partResults.map((r) => (r === undefined ? null : r)) : undefined)
          .then(() => this.#onAcked(partJobs, partResults)),
      );
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
