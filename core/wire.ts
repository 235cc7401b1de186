/**
 * Wire helpers. The engine's jobs already have the wire shape (PROTOCOL.md §7.1),
 * so serialising is a plain copy; these helpers exist so transports do not depend
 * on that detail.
 */
import type { Job, JobWithState } from "./types.ts";

/** A job as a plain JSON-ready object (a shallow copy: safe to extend or mutate). */
export function jobToJson(job: Job): Job {
  return { ...job };
}

/** `{...job, state}` — the flattened shape GETJOBS/GETJOBSBATCH use on the wire. */
export function flattenJobWithState(j: JobWithState): Job & { state: string } {
  return { ...j.job, state: j.state };
}
