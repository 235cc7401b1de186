/**
 * Bounded execution: every workload runs under a deadline so one hang cannot stall the run.
 */

/** Error raised when a bounded task exceeds its time budget. */
export class TimeoutError extends Error {
  constructor(label: string, ms: number) {
    super(`${label} timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** Run `fn`, rejecting with TimeoutError after `ms` (the task itself is not cancelled). */
export async function withTimeout<T>(label: string, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(label, ms)), ms);
  });
  try {
    return await Promise.race([fn(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolve after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `check` every `everyMs` until it returns true or `ms` elapses (then throws). */
export async function waitUntil(label: string, ms: number, check: () => boolean | Promise<boolean>, everyMs = 5): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new TimeoutError(label, ms);
    await sleep(everyMs);
  }
}
