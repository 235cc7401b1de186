/**
 * Job state transitions. Every change of a job's state goes through one of these
 * functions, which keep heaps, groups, counters, indexes and the active list
 * consistent, record the change for durable storage, and notify waiters.
 * This file: ready/delayed/active and the lease sweep; `completion.ts`: ack,
 * fail, DLQ, retention; `removal.ts`: removing jobs for good.
 */
import { NO_EXTRA, S_ACTIVE, S_DELAYED, S_FAILED, S_WAITING, clearStarted, ext, lastHeartbeat, setRunRel, type JobEntry } from "./job-entry.ts";
import { stallTimeoutOf } from "./job-shape.ts";
import type { GroupState, QueueState } from "./queue-state.ts";
import type { Shard } from "./shard.ts";
import { wake } from "./pulling.ts";
import { failEntry, toDlq } from "./completion.ts";

/** Move `e` to internal state `s`, keeping the queue's counters right. */
export function setState(e: JobEntry, s: number): void {
  const c = e.q.counts;
  c[e.state]--;
  c[s]++;
  e.state = s;
}

/**
 * Order inside a group: push order (id), so a retried job keeps its place in
 * front of later jobs of the same group (per-group FIFO survives failures).
 */
function groupLess(a: JobEntry, b: JobEntry): boolean {
  return a.id < b.id;
}

function insertPending(g: GroupState, e: JobEntry): void {
  const p = g.pending;
  let lo = 0;
  let hi = p.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (groupLess(p[mid], e)) lo = mid + 1;
    else hi = mid;
  }
  p.splice(lo, 0, e);
}

/** Put the group's next pending job into the waiting heap if the group is free. */
function advanceGroup(q: QueueState, groupId: string, g: GroupState): void {
  if (g.active === null && g.head === null) {
    if (g.pending.length > 0) {
      const n = g.pending.shift() as JobEntry;
      g.head = n;
      q.waiting.push(n);
    } else if (q.groups !== null) {
      q.groups.delete(groupId);
    }
  }
}

/** Make `e` ready to pull (state waiting), honouring its group. */
export function makeReady(s: Shard, e: JobEntry): void {
  setState(e, S_WAITING);
  const seq = ++s.readySeq;
  const x = e.x;
  const q = e.q;
  if (x === null) {
    e.seq = seq;
    q.waiting.push(e);
    return;
  }
  e.seq = x.lifo ? -seq : seq;
  const gid = x.groupId;
  if (gid === null) {
    q.waiting.push(e);
    return;
  }
  const g = s.group(q, gid);
  if (g.active === null && g.head === null) {
    g.head = e;
    q.waiting.push(e);
  } else if (g.head !== null && groupLess(e, g.head)) {
    const old = g.head;
    q.waiting.remove(old);
    insertPending(g, old);
    g.head = e;
    q.waiting.push(e);
  } else {
    insertPending(g, e);
  }
}

/** Put `e` in the delayed heap until `runAt`. */
export function makeDelayed(s: Shard, e: JobEntry, runAt: number): void {
  setState(e, S_DELAYED);
  setRunRel(e, runAt - s.epoch);
  e.q.delayed.push(e);
  scheduleDelayed(s, e.q);
}

/** Ready if `run_at` has come, else delayed. */
export function readyOrDelayed(s: Shard, e: JobEntry, now: number): void {
  const runAt = e.tRun + s.epoch;
  if (runAt > now) makeDelayed(s, e, runAt);
  else makeReady(s, e);
}

/** Arm (or re-arm earlier) the timer promoting `q`'s delayed jobs. */
export function scheduleDelayed(s: Shard, q: QueueState): void {
  const top = q.delayed.peek();
  if (top === undefined) return;
  const at = top.tRun + s.epoch;
  if (at >= q.delayedTimerAt) return;
  if (q.delayedTimer !== null) q.delayedTimer.cancel();
  q.delayedTimerAt = at;
  q.delayedTimer = s.scheduler.at(at, () => {
    q.delayedTimer = null;
    q.delayedTimerAt = Infinity;
    promoteDue(s, q, s.clock.now());
    wake(s, q);
  });
}

/** Move every delayed job of `q` whose run_at has come to waiting. */
export function promoteDue(s: Shard, q: QueueState, now: number): void {
  const d = q.delayed;
  const t = now - s.epoch;
  for (;;) {
    const top = d.peek();
    if (top === undefined || top.tRun > t) break;
    d.pop();
    makeReady(s, top);
  }
  scheduleDelayed(s, q);
}

/** Take `e` out of the structure of its current state (heap, group, active list, DLQ). */
export function detach(s: Shard, e: JobEntry): void {
  const q = e.q;
  switch (e.state) {
    case S_WAITING: {
      const gid = (e.x ?? NO_EXTRA).groupId;
      if (gid === null) {
        q.waiting.remove(e);
        return;
      }
      const g = s.group(q, gid);
      if (g.head === e) {
        q.waiting.remove(e);
        g.head = null;
        advanceGroup(q, gid, g);
      } else {
        const i = g.pending.indexOf(e);
        if (i >= 0) g.pending.splice(i, 1);
      }
      return;
    }
    case S_DELAYED:
      q.delayed.remove(e);
      return;
    case S_ACTIVE: {
      unlinkActive(s, e);
      const x = e.x;
      if (x === null) return;
      if (x.timer !== null) {
        x.timer.cancel();
        x.timer = null;
      }
      const gid = x.groupId;
      if (gid !== null) {
        const g = s.group(q, gid);
        if (g.active === e) g.active = null;
        advanceGroup(q, gid, g);
      }
      return;
    }
    case S_FAILED:
      q.dlq.delete(e);
      return;
  }
}

/** Activate a job just popped from the waiting heap (PULL). */
export function activate(s: Shard, e: JobEntry, now: number): void {
  const x = e.x;
  setState(e, S_ACTIVE);
  e.seq = now; // started_at while active (see JobEntry)
  if (x !== null) {
    if (x.groupId !== null) {
      const g = s.group(e.q, x.groupId);
      g.head = null;
      g.active = e;
    }
    if (x.timer !== null) {
      // TTL only applies before the job starts (pull-time checks cover retries).
      x.timer.cancel();
      x.timer = null;
    }
    // Exact job timeout: one scheduler entry, only for jobs that set one.
    if (x.timeout > 0) x.timer = s.scheduler.at(now + x.timeout, () => timeoutEntry(s, e));
  }
  // Into the active list (its index lives in heapIdx).
  e.heapIdx = s.active.length;
  s.active.push(e);
  if (s.sweepTimer === null) armSweep(s);
}

function unlinkActive(s: Shard, e: JobEntry): void {
  const a = s.active;
  const i = e.heapIdx;
  if (i < 0 || a[i] !== e) return;
  const last = a.pop() as JobEntry;
  if (last !== e) {
    a[i] = last;
    last.heapIdx = i;
  }
  e.heapIdx = -1;
}

/** Arm the lease sweep (timeouts, stalls) if any job is active. */
export function armSweep(s: Shard): void {
  if (s.active.length === 0 || s.stopped) return;
  s.sweepTimer = s.scheduler.at(s.clock.now() + s.tuning.leaseCheckIntervalMs, () => {
    s.sweepTimer = null;
    sweepLeases(s);
    armSweep(s);
  });
}

/** The job's timeout passed while it was active: a failure ("Job timed out"), retried or dead-lettered. */
function timeoutEntry(s: Shard, e: JobEntry): void {
  if (e.x !== null) e.x.timer = null;
  if (e.state !== S_ACTIVE) return;
  const now = s.clock.now();
  if (s.hasListeners) s.emit({ type: "timeout", queue: e.q.name, jobId: e.id, timestamp: now });
  failEntry(s, e, "Job timed out", now);
}

/** Check every active job for its stall timeout (no heartbeat in time). */
export function sweepLeases(s: Shard): void {
  const now = s.clock.now();
  let stalled: JobEntry[] | null = null;
  const a = s.active;
  for (let i = 0; i < a.length; i++) {
    const e = a[i];
    const st = stallTimeoutOf(s, e);
    if (st > 0 && now - lastHeartbeat(e) >= st) (stalled ??= []).push(e);
  }
  if (stalled === null) return;
  // In activation order (started_at, then id).
  stalled.sort((x, y) => x.seq - y.seq || x.id - y.id);
  for (const e of stalled) if (e.state === S_ACTIVE) stallEntry(s, e, now);
}

/** No heartbeat in time: back to waiting (stall_count+1), or DLQ after maxStalls. */
export function stallEntry(s: Shard, e: JobEntry, now: number): void {
  const x = ext(e);
  x.stallCount++;
  if (s.hasListeners) s.emit({ type: "stalled", queue: e.q.name, jobId: e.id, timestamp: now, stallCount: x.stallCount });
  appendLog(s, e, `Job stalled (no heartbeat for ${now - lastHeartbeat(e)}ms)`, "warn", now);
  detach(s, e);
  clearStarted(e);
  if (x.stallCount >= s.tuning.maxStalls) {
    toDlq(s, e, "Job stalled", now);
    return;
  }
  makeReady(s, e);
  s.recordJob(e);
  wake(s, e.q);
}

/** Append a log line to `e` (bounded). */
export function appendLog(s: Shard, e: JobEntry, message: string, level: "info" | "warn" | "error", now: number): void {
  const x = ext(e);
  let logs = x.logs;
  if (logs === null) logs = x.logs = [];
  logs.push({ timestamp: now, message, level });
  if (logs.length > s.tuning.maxLogsPerJob) logs.splice(0, logs.length - s.tuning.maxLogsPerJob);
}
