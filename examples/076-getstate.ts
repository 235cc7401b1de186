/**
 * Manual example #76: "`getState(): WorkerState`" (SDK reference, line 1076).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Worker, type Job } from "../client/index.ts";
import { CONN } from "./_env.ts";

// ---- setup ----
const processor = async (job: Job) => ({ processed: job.id });
const worker = new Worker('queue', processor, { ...CONN, autorun: false });
await worker.start();

// ---- manual example ----
const state = worker.getState();
// 'idle' | 'starting' | 'running' | 'stopping' | 'stopped'
// ---- end of manual example ----

// ---- check and clean up ----
if (state !== 'running') throw new Error(state);
await worker.close();

export {};
