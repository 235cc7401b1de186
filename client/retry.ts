/**
 * Retry helpers with exponential backoff and jitter (reference manual, "Retry Logic").
 */
import { isRetryable } from "./errors.ts";

/** Options of {@link withRetry} and {@link retryable}. */
export interface RetryOptions {
  /** Max retry attempts (default: 3). */
  maxRetries?: number;
  /** Initial delay in ms (default: 100). */
  initialDelay?: number;
  /** Max delay in ms (default: 5000). */
  maxDelay?: number;
  /** Exponential backoff multiplier (default: 2). */
  backoffMultiplier?: number;
  /** Add jitter to delays (default: true). */
  jitter?: boolean;
  /** Only retry these error codes. */
  retryOn?: string[];
  /** Custom retry condition (replaces the default "is retryable" test). */
  shouldRetry?: (error: Error, attempt: number) => boolean;
  /** Callback on each retry. */
  onRetry?: (error: Error, attempt: number, delay: number) => void;
}

/** Ready-made retry settings. */
export const RetryPresets = {
  /** Quick retries for interactive operations: 2 retries, 50 ms initial, 500 ms max. */
  fast: { maxRetries: 2, initialDelay: 50, maxDelay: 500, backoffMultiplier: 2, jitter: true },
  /** Standard retries: 3 retries, 100 ms initial, 5 s max. */
  standard: { maxRetries: 3, initialDelay: 100, maxDelay: 5000, backoffMultiplier: 2, jitter: true },
  /** Aggressive retries for critical operations: 5 retries, 200 ms initial, 30 s max. */
  aggressive: { maxRetries: 5, initialDelay: 200, maxDelay: 30000, backoffMultiplier: 2, jitter: true },
  /** No retries. */
  none: { maxRetries: 0, initialDelay: 0, maxDelay: 0, backoffMultiplier: 1, jitter: false },
} as const satisfies Record<string, RetryOptions>;

/** Delay before retry number `attempt` (1-based). */
export function retryDelay(attempt: number, options: RetryOptions = {}): number {
  const initial = options.initialDelay ?? 100;
  const max = options.maxDelay ?? 5000;
  const mult = options.backoffMultiplier ?? 2;
  let delay = Math.min(max, initial * Math.pow(mult, attempt - 1));
  if (options.jitter ?? true) delay = delay * (0.5 + Math.random() * 0.5);
  return Math.round(delay);
}

function shouldRetry(error: unknown, attempt: number, options: RetryOptions): boolean {
  const err = error instanceof Error ? error : new Error(String(error));
  if (options.shouldRetry) return options.shouldRetry(err, attempt);
  if (options.retryOn) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" && options.retryOn.includes(code);
  }
  return isRetryable(err);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Run `fn`, retrying on retryable errors with exponential backoff.
 * @example await withRetry(() => client.push('queue', data), { maxRetries: 3 });
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxRetries = options.maxRetries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= maxRetries || !shouldRetry(error, attempt + 1, options)) throw error;
      const delay = retryDelay(attempt + 1, options);
      options.onRetry?.(error instanceof Error ? error : new Error(String(error)), attempt + 1, delay);
      await sleep(delay);
    }
  }
}

/**
 * Wrap a function so that each call runs under {@link withRetry}.
 * @example const push = retryable((q: string, d: unknown) => client.push(q, d), { maxRetries: 3 });
 */
export function retryable<TArgs extends unknown[], TResult>(
  fn: (...args: TArgs) => Promise<TResult>,
  options: RetryOptions = {},
): (...args: TArgs) => Promise<TResult> {
  return (...args: TArgs) => withRetry(() => fn(...args), options);
}
