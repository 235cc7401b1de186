/**
 * A minimal, runtime-neutral event emitter (no `node:events`, so the SDK also runs in
 * edge runtimes). `on/once/off/emit/removeAllListeners/listenerCount`, Node-style.
 * Unlike Node's, emitting `'error'` with no listener does not throw: the error is
 * handed to {@link Emitter.unhandledError} (logged by default).
 */
// deno-lint-ignore no-explicit-any
type Listener = (...args: any[]) => void;

/** Node-style event emitter usable on every runtime. */
export class Emitter {
  #listeners: Map<string | symbol, Listener[]> = new Map();

  /** Add a listener. */
  on(event: string | symbol, listener: Listener): this {
    const list = this.#listeners.get(event);
    if (list) list.push(listener);
    else this.#listeners.set(event, [listener]);
    return this;
  }

  /** Alias of {@link on}. */
  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Add a listener called at most once. */
  once(event: string | symbol, listener: Listener): this {
    const wrapper: Listener & { inner?: Listener } = (...args: unknown[]) => {
      this.off(event, wrapper);
      listener(...args);
    };
    wrapper.inner = listener;
    return this.on(event, wrapper);
  }

  /** Remove a listener (also one added with `once`). */
  off(event: string | symbol, listener: Listener): this {
    const list = this.#listeners.get(event);
    if (!list) return this;
    const i = list.findIndex((l) => l === listener || (l as { inner?: Listener }).inner === listener);
    if (i >= 0) {
      const next = list.slice();
      next.splice(i, 1);
      if (next.length === 0) this.#listeners.delete(event);
      else this.#listeners.set(event, next);
    }
    return this;
  }

  /** Alias of {@link off}. */
  removeListener(event: string | symbol, listener: Listener): this {
    return this.off(event, listener);
  }

  /** Remove every listener (of one event, or of all). */
  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }

  /** Number of listeners of an event. */
  listenerCount(event: string | symbol): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** Call the listeners of an event; returns whether there were any. A throwing listener is reported, not propagated. */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.#listeners.get(event);
    if (!list) {
      if (event === "error") this.unhandledError(args[0]);
      return false;
    }
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(...args);
      } catch (err) {
        if (event === "error") this.unhandledError(err);
        else this.emit("error", err);
      }
    }
    return true;
  }

  /** Called for an `'error'` event nobody listens to. Override to change; default logs. */
  protected unhandledError(err: unknown): void {
    console.error("[flashq] unhandled error event:", err);
  }
}
