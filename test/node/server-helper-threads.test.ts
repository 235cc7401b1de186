/**
 * HELPER_THREADS (adapters/helper-threads.ts): the decision logic against a stand-in
 * operating system, and the real Node server entry, whose threads' scheduling policy and
 * nice value are read back from /proc (Linux only).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { describeOutcome, lowerHelperThreads, type HelperThreadsOs } from "../../adapters/helper-threads.ts";
import { freePort } from "./smoke-run.ts";
import { commandRuns } from "../helpers/command.ts";

/** A stand-in OS recording what was asked of it. */
function fakeOs(over: Partial<HelperThreadsOs> & { threads?: readonly number[]; chrtFailsFrom?: number } = {}) {
  const calls: string[] = [];
  let threads: readonly number[] = over.threads ?? [100, 101, 102, 103];
  const os: HelperThreadsOs = {
    platform: () => "linux",
    cpus: () => 2,
    mainTid: 100,
    listThreads: () => [...threads],
    schedIdle: (tid) => {
      if (over.chrtFailsFrom !== undefined && tid >= over.chrtFailsFrom) throw new Error("spawnSync chrt ENOENT");
      calls.push(`idle ${tid}`);
    },
    nice: (tid, v) => void calls.push(`nice ${tid} ${v}`),
    ...over,
  };
  return { os, calls, setThreads: (t: number[]) => (threads = t) };
}

describe("lowerHelperThreads (decisions)", () => {
  test("idle: every thread but the event-loop thread goes to SCHED_IDLE", () => {
    const { os, calls } = fakeOs();
    const o = lowerHelperThreads("idle", os);
    assert.deepEqual(o, { applied: "sched-idle", threads: 3 });
    assert.deepEqual(calls, ["idle 101", "idle 102", "idle 103"]);
    assert.equal(describeOutcome(o), "helper threads: 3 at SCHED_IDLE");
  });

  test("normal, another OS, or one CPU: nothing is touched, and the reason is given", () => {
    for (const [mode, over, reason] of [
      ["normal", {}, "HELPER_THREADS=normal"],
      ["idle", { platform: () => "darwin" }, "not Linux (darwin)"],
      ["idle", { cpus: () => 1 }, "one CPU"],
      ["idle", { threads: [100] }, "no helper threads"],
    ] as const) {
      const { os, calls } = fakeOs(over);
      const o = lowerHelperThreads(mode, os);
      assert.deepEqual(o, { applied: "unchanged", threads: 0, reason });
      assert.deepEqual(calls, []);
      assert.equal(describeOutcome(o), `helper threads: unchanged (${reason})`);
    }
  });

  test("threads cannot be listed (Deno without --allow-all): unchanged, with the error", () => {
    const { os } = fakeOs({ listThreads: () => { throw new Error('Requires all access to "/proc/self/task"\nmore'); } });
    const o = lowerHelperThreads("idle", os);
    assert.equal(o.applied, "unchanged");
    assert.equal(o.reason, 'cannot list threads: Requires all access to "/proc/self/task"');
  });

  test("chrt missing: nice 19 for the threads chrt did not reach", () => {
    const { os, calls } = fakeOs({ chrtFailsFrom: 102 });
    const o = lowerHelperThreads("idle", os);
    assert.deepEqual(calls, ["idle 101", "nice 102 19", "nice 103 19"]);
    assert.equal(o.applied, "nice-19");
    assert.equal(o.threads, 3);
    assert.match(describeOutcome(o), /^helper threads: 3 at nice 19 \(SCHED_IDLE failed: spawnSync chrt ENOENT; 1 at SCHED_IDLE\)$/);
  });

  test("a thread that ends before chrt reaches it is skipped, not a reason to fall back", () => {
    const f = fakeOs({ threads: [100, 101, 102, 103] });
    const os: HelperThreadsOs = {
      ...f.os,
      schedIdle: (tid) => {
        if (tid === 102) {
          f.setThreads([100, 101, 103]);
          throw new Error("chrt: failed to set pid 102's policy: No such process");
        }
        f.os.schedIdle(tid);
      },
    };
    assert.deepEqual(lowerHelperThreads("idle", os), { applied: "sched-idle", threads: 2 });
    assert.deepEqual(f.calls, ["idle 101", "idle 103"]);
  });

  test("neither chrt nor nice works: unchanged, both errors named", () => {
    const { os } = fakeOs({ chrtFailsFrom: 0, nice: () => { throw new Error("EACCES"); } });
    const o = lowerHelperThreads("idle", os);
    assert.deepEqual(o, { applied: "unchanged", threads: 0, reason: "SCHED_IDLE failed: spawnSync chrt ENOENT; nice failed: EACCES" });
  });
});

/** Scheduling policy (0 SCHED_OTHER, 5 SCHED_IDLE) and nice value of each thread of `pid`. */
function threadsOf(pid: number): { tid: number; policy: number; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((t) => {
    const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, "utf8");
    // Fields after the ")" closing the command name start at field 3 (state).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { tid: Number(t), nice: Number(f[19 - 3]), policy: Number(f[41 - 3]) };
  });
}

/** Start the Node entry with `env`, return the helper-threads log line and its threads, then stop it. */
async function startAndInspect(env: Record<string, string>): Promise<{ line: string; main: { policy: number; nice: number }; helpers: { policy: number; nice: number }[] }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "adapters/node.ts"], {
    env: { ...process.env, PORT: String(port), HTTP_PORT: "-1", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(`exit ${code ?? signal}`)));
  try {
    let out = "";
    const line = await new Promise<string>((resolve, reject) => {
      const look = (d: Buffer) => {
        out += d.toString();
        const m = /^flashq-ts: helper threads: .*$/m.exec(out);
        if (m) resolve(m[0]);
      };
      child.stdout!.on("data", look);
      child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
      child.once("exit", (code) => reject(new Error(`server exited early (${code}):\n${out}`)));
    });
    const all = threadsOf(child.pid!);
    const main = all.find((t) => t.tid === child.pid)!;
    return { line, main, helpers: all.filter((t) => t.tid !== child.pid) };
  } finally {
    child.kill("SIGTERM");
    assert.equal(await exited, "exit 0");
  }
}

const linux = process.platform === "linux" && existsSync("/proc/self/task");

/** True when `chrt` (util-linux) runs here. */
const hasChrt = (): boolean => commandRuns("chrt", ["--version"]);
const skip = !linux ? "needs Linux /proc" : availableParallelism() < 2 ? "needs 2 CPUs (one CPU leaves threads alone)" : false;

describe("Node server entry: helper threads (real /proc)", { skip }, () => {
  test("by default the event-loop thread stays SCHED_OTHER and the threads it started with are SCHED_IDLE", { skip: hasChrt() ? false : "no chrt (util-linux) on PATH: the nice 19 fallback is tested below" }, async () => {
    const { line, main, helpers } = await startAndInspect({});
    assert.match(line, /helper threads: \d+ at SCHED_IDLE$/);
    assert.equal(main.policy, 0);
    assert.ok(helpers.length > 0);
    const idled = helpers.filter((t) => t.policy === 5).length;
    assert.equal(String(idled), /(\d+) at/.exec(line)![1], "the log counts the threads set");
    // Threads libuv starts later inherit the event-loop thread's class; the ones listed at start-up are idle.
    assert.ok(idled >= 4, `${idled} of ${helpers.length} helper threads are SCHED_IDLE`);
  });

  test("HELPER_THREADS=normal leaves every thread SCHED_OTHER at nice 0", async () => {
    const { line, main, helpers } = await startAndInspect({ HELPER_THREADS: "normal" });
    assert.equal(line, "flashq-ts: helper threads: unchanged (HELPER_THREADS=normal)");
    for (const t of [main, ...helpers]) assert.deepEqual([t.policy, t.nice], [0, 0]);
  });

  test("without chrt on PATH the helpers get nice 19 and the event-loop thread keeps nice 0", async () => {
    const { line, main, helpers } = await startAndInspect({ PATH: "/nonexistent" });
    assert.match(line, /helper threads: \d+ at nice 19 \(SCHED_IDLE failed: .*ENOENT/);
    assert.deepEqual([main.policy, main.nice], [0, 0]);
    assert.ok(helpers.filter((t) => t.nice === 19 && t.policy === 0).length >= 4);
  });
});
