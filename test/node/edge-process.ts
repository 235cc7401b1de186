/**
 * Starts the edge producer as a child process under Bun or Deno (the way it is
 * deployed there) on a free loopback port, and stops it again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../helpers/pg.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A running producer process. */
export interface EdgeProcess {
  base: string;
  stop(): Promise<void>;
}

const COMMANDS = {
  bun: [`${ROOT}node_modules/.bin/bun`, ["edge/bun.ts"]],
  deno: [`${ROOT}node_modules/.bin/deno`, ["run", "--allow-net", "--allow-env", "edge/deno.ts"]],
} as const;

/** Spawn `edge/<runtime>.ts` with `env`; resolves once it listens (rejects if it exits first). */
export async function startEdgeProcess(runtime: keyof typeof COMMANDS, env: Record<string, string>): Promise<EdgeProcess> {
  const port = await freePort();
  const [cmd, args] = COMMANDS[runtime];
  const child: ChildProcess = spawn(cmd, [...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes("flashQ edge producer")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.once("exit", (code) => reject(new Error(`${runtime} producer exited (${code}) before listening:\n${output}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
