/** Whether a command-line tool runs here: `name args…` exits 0. */
import { execFileSync } from "node:child_process";

export function commandRuns(name: string, args: string[]): boolean {
  try {
    execFileSync(name, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
