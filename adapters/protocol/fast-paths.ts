/**
 * Allocation-light hot paths of the busiest commands (PUSH, PUSHB, ACK): they act on
 * the raw decoded message when it is well-formed and return `undefined` otherwise,
 * so the command table falls back to the zod schema, which names any problem.
 */
import type { EngineApi } from "../../core/engine-api.ts";
import { fastJobInput } from "../../core/schemas.ts";
import type { JobInput } from "../../core/types.ts";
import { batchReply, type CommandSpec, type Reply } from "./commands.ts";

/** PUSH without zod: the message itself is the job input when it is well-formed. */
function fastPush(engine: EngineApi, msg: Record<string, unknown>): Reply | undefined {
  const queue = msg.queue;
  if (typeof queue !== "string") return undefined;
  const input = fastJobInput(msg);
  return input && { ok: true, id: engine.push(queue, input).id };
}

/** PUSHB without zod when every item is well-formed. */
function fastPushBatch(engine: EngineApi, msg: Record<string, unknown>): Reply | undefined {
  const queue = msg.queue;
  const jobs = msg.jobs;
  if (typeof queue !== "string" || !Array.isArray(jobs)) return undefined;
  const inputs = new Array<JobInput>(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    const input = fastJobInput(jobs[i]);
    if (input === undefined) return undefined;
    inputs[i] = input;
  }
  return batchReply(engine.pushBatch(queue, inputs));
}

/** ACK without zod for `{id: int, result?}`. */
function fastAck(engine: EngineApi, msg: Record<string, unknown>): Reply | undefined {
  const id = msg.id;
  if (!Number.isInteger(id) || (id as number) < 0) return undefined;
  engine.ack(id as number, msg.result === undefined ? null : msg.result);
  return { ok: true };
}

/** Hot paths by command name. */
export const FAST: Record<string, CommandSpec["fast"]> = { PUSH: fastPush, PUSHB: fastPushBatch, ACK: fastAck };
