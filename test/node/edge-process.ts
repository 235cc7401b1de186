/**
 * Starts the edge producer as a child process under Bun, Deno or Node (the way it is
 * deployed there) on a free loopback port, and stops it again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { freePort } from "../helpers/pg.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A running producer process. */
export interface EdgeProcess {
  base: string;
  stop(): Promise<void>;
}

const COMMANDS = {
  node: [process.execPath, ["--import", "tsx", "edge/node.ts"]],
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
  // Bun logs while evaluating the module and listens right after: wait for the socket.
  await waitForListener(port, () => child.exitCode === null, output);
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: "127.0.0.1" });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** Poll until 127.0.0.1:`port` accepts a connection (the child has printed its banner already). */
async function waitForListener(port: number, alive: () => boolean, output: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await accepts(port)) return;
    if (!alive()) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`producer not listening on ${port}:\n${output}`);
}
