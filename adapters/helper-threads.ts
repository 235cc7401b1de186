/**
 * Lowers the scheduling class of the runtime's helper threads (JIT compilers, GC
 * helpers, the I/O pool: every thread of the process except the event-loop thread) to
 * Linux's SCHED_IDLE, so the event-loop thread, which answers every request, never
 * waits behind them for a CPU.
 *
 * Why: on a small machine (2 vCPUs) a freshly started server compiles its hot code on
 * V8's helper threads during its first few thousand requests. Linux's fair scheduler
 * lets a running helper keep the CPU for up to a time slice (milliseconds) when the
 * event-loop thread wakes with a request, and those waits were the 1–4 ms stalls in
 * single-push p99 (bench/README.md, "Cold single-push latency"). A SCHED_IDLE thread
 * is preempted as soon as a normal thread wakes, and still gets every CPU cycle nobody
 * else wants. Redis exposes the same idea as `bio_cpulist`.
 *
 * How: Linux only, threads present when called (threads started later inherit the
 * class of the thread that starts them). `chrt --idle --pid 0 <tid>` (util-linux)
 * sets SCHED_IDLE; where chrt is missing or refused, `nice 19` through
 * `os.setPriority(tid, 19)` (per thread on Linux) is the fallback. With one CPU the
 * threads are left alone: there the event loop keeps that CPU busy under load and
 * idle-class helpers would never run. For the same reason HELPER_THREADS=normal suits a
 * machine where other processes keep every CPU busy.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { availableParallelism, platform, setPriority } from "node:os";

/** HELPER_THREADS: `idle` (default) or `normal`. */
export type HelperThreadsMode = "idle" | "normal";

/** What {@link lowerHelperThreads} did. */
export interface HelperThreadsOutcome {
  /** the class the helper threads now run in */
  applied: "sched-idle" | "nice-19" | "unchanged";
  /** threads changed */
  threads: number;
  /** why nothing (or only the fallback) was applied */
  reason?: string;
}

/** Operating-system calls, replaceable in tests. */
export interface HelperThreadsOs {
  platform(): string;
  cpus(): number;
  /** the event-loop thread's id (the process id on Linux) */
  mainTid: number;
  /** thread ids of this process */
  listThreads(): number[];
  /** set SCHED_IDLE on one thread; throws when it cannot */
  schedIdle(tid: number): void;
  /** set the nice value of one thread; throws when it cannot */
  nice(tid: number, value: number): void;
}

/** The real operating system. */
export function realOs(): HelperThreadsOs {
  return {
    platform,
    cpus: availableParallelism,
    mainTid: process.pid,
    listThreads: () => readdirSync("/proc/self/task").map(Number).filter((t) => Number.isInteger(t) && t > 0),
    schedIdle: (tid) => {
      execFileSync("chrt", ["--idle", "--pid", "0", String(tid)], { stdio: "ignore", timeout: 5000 });
    },
    nice: (tid, value) => setPriority(tid, value),
  };
}

/** A one-line description for the start-up log. */
export function describeOutcome(o: HelperThreadsOutcome): string {
  if (o.applied === "unchanged") return `helper threads: unchanged (${o.reason})`;
  const how = o.applied === "sched-idle" ? "SCHED_IDLE" : "nice 19";
  return `helper threads: ${o.threads} at ${how}${o.reason ? ` (${o.reason})` : ""}`;
}

/** Move every thread but the event-loop thread to SCHED_IDLE (or nice 19); see the module comment. */
export function lowerHelperThreads(mode: HelperThreadsMode, os: HelperThreadsOs = realOs()): HelperThreadsOutcome {
  if (mode === "normal") return { applied: "unchanged", threads: 0, reason: "HELPER_THREADS=normal" };
  if (os.platform() !== "linux") return { applied: "unchanged", threads: 0, reason: `not Linux (${os.platform()})` };
  if (os.cpus() < 2) return { applied: "unchanged", threads: 0, reason: "one CPU" };
  let tids: number[];
  try {
    tids = os.listThreads().filter((t) => t !== os.mainTid);
  } catch (err) {
    return { applied: "unchanged", threads: 0, reason: `cannot list threads: ${message(err)}` };
  }
  if (tids.length === 0) return { applied: "unchanged", threads: 0, reason: "no helper threads" };
  // A thread that ends between the listing and chrt makes chrt fail: it is skipped.
  let idled = 0;
  let failedAt = -1;
  let idleError: unknown;
  for (let i = 0; i < tids.length; i++) {
    try {
      os.schedIdle(tids[i]!);
      idled++;
    } catch (err) {
      if (!stillThere(os, tids[i]!)) continue;
      idleError = err;
      failedAt = i;
      break;
    }
  }
  if (failedAt < 0) return { applied: "sched-idle", threads: idled };
  // chrt missing or refused: nice 19 for the threads it did not reach.
  let niced = 0;
  let niceError: unknown;
  for (const tid of tids.slice(failedAt)) {
    try {
      os.nice(tid, 19);
      niced++;
    } catch (err) {
      niceError ??= err;
    }
  }
  const why = `SCHED_IDLE failed: ${message(idleError)}`;
  if (niced === 0) {
    const failed = `${why}; nice failed: ${message(niceError)}`;
    if (idled === 0) return { applied: "unchanged", threads: 0, reason: failed };
    return { applied: "sched-idle", threads: idled, reason: `${tids.length - failedAt} left unchanged: ${failed}` };
  }
  return { applied: "nice-19", threads: idled + niced, reason: idled > 0 ? `${why}; ${idled} at SCHED_IDLE` : why };
}

function stillThere(os: HelperThreadsOs, tid: number): boolean {
  try {
    return os.listThreads().includes(tid);
  } catch {
    return true;
  }
}

function message(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split("\n")[0]!.slice(0, 200);
}
