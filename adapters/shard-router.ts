/**
 * An {@link EngineApi} over N engines (shards). A queue lives on the shard its
 * name hashes to (FNV-1a); a job id names its shard arithmetically — shard k issues
 * ids ≡ k+1 (mod N) — so id-based commands need no lookup table.
 *
 * Limits (documented, checked): a flow's children and a job's `depends_on` must live
 * on the parent's shard (same hash); with one shard (the default) there is no limit.
 */
import type { BatchPushOutcome, EngineApi, PullOptions } from "../core/engine-api.ts";
import { ValidationError } from "../core/errors.ts";
import type { IdSource } from "../core/ports.ts";
import type {
  BatchItemResult, CleanState, CronJob, CronOptions, EngineEvent, FlowChild, FlowResult, Job, JobCounts,
  JobInput, JobListOptions, JobLogEntry, JobState, JobWithState, Metrics, QueueInfo, QueueStats,
} from "../core/types.ts";

/** FNV-1a 32-bit hash of a string. */
export function hashName(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Routes every call to the shard owning its queue or job id. */
export class ShardRouter implements EngineApi {
  private readonly shards: EngineApi[];
  private readonly n: number;

  constructor(shards: EngineApi[]) {
    if (shards.length === 0) throw new Error("ShardRouter needs at least one shard");
    this.shards = shards;
    this.n = shards.length;
  }

  /** Id source of shard `k` of `n`: k+1, k+1+n, k+1+2n, … */
  static idSource(k: number, n: number, after = 0): IdSource {
    let i = Math.floor(after / n);
    return { next: () => i++ * n + k + 1 };
  }

  private q(queue: string): EngineApi {
    return this.shards[this.n === 1 ? 0 : hashName(queue) % this.n]!;
  }
  private j(id: number): EngineApi {
    return this.shards[this.n === 1 ? 0 : (((id - 1) % this.n) + this.n) % this.n]!;
  }

  async start(): Promise<void> { await Promise.all(this.shards.map((s) => s.start())); }
  async stop(): Promise<void> { await Promise.all(this.shards.map((s) => s.stop())); }
  async settled(): Promise<void> { await Promise.all(this.shards.map((s) => s.settled())); }
  subscribe(listener: (event: EngineEvent) => void): () => void {
    const offs = this.shards.map((s) => s.subscribe(listener));
    return () => { for (const off of offs) off(); };
  }

  push(queue: string, input: JobInput): Job { this.checkDeps(queue, input.depends_on); return this.q(queue).push(queue, input); }
  pushBatch(queue: string, inputs: JobInput[]): BatchItemResult[] {
    for (const i of inputs) this.checkDeps(queue, i.depends_on);
    return this.q(queue).pushBatch(queue, inputs);
  }
  pushBatchIds(queue: string, inputs: JobInput[]): BatchPushOutcome {
    for (const i of inputs) this.checkDeps(queue, i.depends_on);
    return this.q(queue).pushBatchIds(queue, inputs);
  }
  pull(queue: string, options: PullOptions): Promise<Job[]> { return this.q(queue).pull(queue, options); }
  pullWith(queue: string, options: PullOptions, deliver: (jobs: Job[]) => void): void { this.q(queue).pullWith(queue, options, deliver); }
  tryPull(queue: string, count: number, owner?: string): Job[] { return this.q(queue).tryPull(queue, count, owner); }
  releaseOwner(owner: string): void { for (const s of this.shards) s.releaseOwner(owner); }
  ack(id: number, result?: unknown): void { this.j(id).ack(id, result); }
  ackBatch(ids: number[], results?: unknown[]): number {
    if (this.n === 1) return this.shards[0]!.ackBatch(ids, results);
    const groups = new Map<EngineApi, { ids: number[]; results: unknown[] }>();
    ids.forEach((id, i) => {
      const s = this.j(id);
      let g = groups.get(s);
      if (!g) groups.set(s, (g = { ids: [], results: [] }));
      g.ids.push(id);
      g.results.push(results?.[i]);
    });
    let n = 0;
    for (const [s, g] of groups) n += s.ackBatch(g.ids, results ? g.results : undefined);
    return n;
  }
  fail(id: number, error?: string): void { this.j(id).fail(id, error); }

  getJob(id: number): JobWithState | null { return this.j(id).getJob(id); }
  getState(id: number): JobState { return this.j(id).getState(id); }
  getResult(id: number): unknown { return this.j(id).getResult(id); }
  getJobByCustomId(customId: string): JobWithState | null {
    for (const s of this.shards) {
      const r = s.getJobByCustomId(customId);
      if (r) return r;
    }
    return null;
  }
  getJobs(options: JobListOptions): { jobs: JobWithState[]; total: number } {
    if (options.queue !== undefined || this.n === 1) return this.q(options.queue ?? "").getJobs(options);
    const limit = options.limit ?? 100;
    const offset = options.offset ?? 0;
    let total = 0;
    const all: JobWithState[] = [];
    for (const s of this.shards) {
      const r = s.getJobs({ ...options, offset: 0, limit: offset + limit });
      total += r.total;
      all.push(...r.jobs);
    }
    all.sort((a, b) => b.job.id - a.job.id);
    return { jobs: all.slice(offset, offset + limit), total };
  }
  getJobsBatch(ids: number[]): JobWithState[] {
    const out: JobWithState[] = [];
    for (const id of ids) out.push(...this.j(id).getJobsBatch([id]));
    return out;
  }
  getJobCounts(queue: string): JobCounts { return this.q(queue).getJobCounts(queue); }
  count(queue: string): number { return this.q(queue).count(queue); }
  getProgress(id: number) { return this.j(id).getProgress(id); }
  getLogs(id: number): JobLogEntry[] { return this.j(id).getLogs(id); }
  getChildren(parentId: number) { return this.j(parentId).getChildren(parentId); }
  finished(id: number, timeoutMs: number): Promise<unknown> { return this.j(id).finished(id, timeoutMs); }

  cancel(id: number): void { this.j(id).cancel(id); }
  progress(id: number, progress: number, message?: string): void { this.j(id).progress(id, progress, message); }
  update(id: number, data: unknown): void { this.j(id).update(id, data); }
  changePriority(id: number, priority: number): void { this.j(id).changePriority(id, priority); }
  moveToDelayed(id: number, delayMs: number): void { this.j(id).moveToDelayed(id, delayMs); }
  promote(id: number): void { this.j(id).promote(id); }
  discard(id: number): void { this.j(id).discard(id); }
  heartbeat(id: number): void { this.j(id).heartbeat(id); }
  log(id: number, message: string, level?: JobLogEntry["level"]): void { this.j(id).log(id, message, level); }
  partial(id: number, data: unknown, index?: number): void { this.j(id).partial(id, data, index); }
  pushFlow(queue: string, data: unknown, children: FlowChild[], options?: { priority?: number }): FlowResult {
    const home = this.q(queue);
    for (const c of children) {
      if (this.q(c.queue) !== home) {
        throw new ValidationError(`Flow child queue '${c.queue}' is on another shard than '${queue}'`, "children");
      }
    }
    return home.pushFlow(queue, data, children, options);
  }

  pause(queue: string): void { this.q(queue).pause(queue); }
  resume(queue: string): void { this.q(queue).resume(queue); }
  isPaused(queue: string): boolean { return this.q(queue).isPaused(queue); }
  drain(queue: string): number { return this.q(queue).drain(queue); }
  obliterate(queue: string): number { return this.q(queue).obliterate(queue); }
  clean(queue: string, graceMs: number, state: CleanState, limit?: number): number {
    return this.q(queue).clean(queue, graceMs, state, limit);
  }
  listQueues(): QueueInfo[] { return this.shards.flatMap((s) => s.listQueues()); }
  getDlq(queue: string, count?: number): Job[] { return this.q(queue).getDlq(queue, count); }
  retryDlq(queue: string, id?: number): number { return this.q(queue).retryDlq(queue, id); }
  purgeDlq(queue: string): number { return this.q(queue).purgeDlq(queue); }
  setRateLimit(queue: string, jobsPerSecond: number): void { this.q(queue).setRateLimit(queue, jobsPerSecond); }
  clearRateLimit(queue: string): void { this.q(queue).clearRateLimit(queue); }
  setConcurrency(queue: string, limit: number): void { this.q(queue).setConcurrency(queue, limit); }
  clearConcurrency(queue: string): void { this.q(queue).clearConcurrency(queue); }

  addCron(name: string, options: CronOptions): void {
    const home = this.q(options.queue);
    home.addCron(name, options);
    for (const s of this.shards) if (s !== home) s.deleteCron(name);
  }
  deleteCron(name: string): boolean {
    let any = false;
    for (const s of this.shards) if (s.deleteCron(name)) any = true;
    return any;
  }
  listCrons(): CronJob[] { return this.shards.flatMap((s) => s.listCrons()); }

  stats(): QueueStats {
    const t: QueueStats = { queued: 0, processing: 0, delayed: 0, dlq: 0, completed: 0 };
    for (const s of this.shards) {
      const x = s.stats();
      t.queued += x.queued; t.processing += x.processing; t.delayed += x.delayed; t.dlq += x.dlq; t.completed += x.completed;
    }
    return t;
  }
  metrics(): Metrics {
    const all = this.shards.map((s) => s.metrics());
    const done = all.reduce((a, m) => a + m.total_completed, 0);
    return {
      total_pushed: all.reduce((a, m) => a + m.total_pushed, 0),
      total_completed: done,
      total_failed: all.reduce((a, m) => a + m.total_failed, 0),
      jobs_per_second: all.reduce((a, m) => a + m.jobs_per_second, 0),
      avg_latency_ms: done === 0 ? 0 : all.reduce((a, m) => a + m.avg_latency_ms * m.total_completed, 0) / done,
      queues: all.flatMap((m) => m.queues),
    };
  }

  private checkDeps(queue: string, deps: number[] | undefined): void {
    if (!deps || this.n === 1) return;
    const home = this.q(queue);
    for (const d of deps) {
      if (this.j(d) !== home) throw new ValidationError(`depends_on job ${d} is on another shard than queue '${queue}'`, "depends_on");
    }
  }
}
