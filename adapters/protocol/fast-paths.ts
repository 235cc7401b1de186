/**
 * Allocation-light hot paths of the busiest commands (PUSH, PUSHB, ACK, ACKB, PULL,
 * PULLB): they act on
 * the raw decoded message when it is well-formed and return `undefined` otherwise,
 * so the command table falls back to the zod schema, which names any problem.
 */
import type { EngineApi } from "../../core/engine-api.ts";
import { fastJobInput } from "../../core/schemas.ts";
import type { JobInput } from "../../core/types.ts";
import { DEFAULT_PULL_TIMEOUT, batchIdsReply, pullMany, pullOne, type CommandContext, type CommandSpec, type Reply } from "./commands.ts";

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
  return batchIdsReply(engine.pushBatchIds(queue, inputs));
}

/** ACK without zod for `{id: int, result?}`. */
function fastAck(engine: EngineApi, msg: Record<string, unknown>): Reply | undefined {
  const id = msg.id;
  if (!Number.isInteger(id) || (id as number) < 0) return undefined;
  engine.ack(id as number, msg.result === undefined ? null : msg.result);
  return { ok: true };
}

/** ACKB without zod for `{ids: int[], results?: unknown[] | null}` (zod would copy both arrays). */
function fastAckBatch(engine: EngineApi, msg: Record<string, unknown>): Reply | undefined {
  const ids = msg.ids;
  const results = msg.results;
  if (!Array.isArray(ids)) return undefined;
  if (results !== undefined && results !== null && !Array.isArray(results)) return undefined;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isSafeInteger(id) || (id as number) < 0) return undefined;
  }
  const n = engine.ackBatch(ids as number[], (results as unknown[] | null | undefined) ?? undefined);
  return { ok: true, ids: [n], count: n };
}

/** A PULL/PULLB `timeout` (absent/null → default), or -1 when it is not a valid one. */
function pullTimeout(t: unknown): number {
  if (t === undefined || t === null) return DEFAULT_PULL_TIMEOUT;
  return typeof t === "number" && t >= 0 && t !== Infinity ? t : -1;
}

/** PULL without zod (the engine validates the queue name). */
function fastPull(engine: EngineApi, msg: Record<string, unknown>, ctx: CommandContext): Reply | Promise<Reply> | undefined {
  const queue = msg.queue;
  const timeout = pullTimeout(msg.timeout);
  if (typeof queue !== "string" || timeout < 0) return undefined;
  return pullOne(engine, queue, timeout, ctx);
}

/** PULLB without zod (the engine validates the queue name and the count's upper bound). */
function fastPullBatch(engine: EngineApi, msg: Record<string, unknown>, ctx: CommandContext): Reply | Promise<Reply> | undefined {
  const queue = msg.queue;
  const count = msg.count;
  const timeout = pullTimeout(msg.timeout);
  if (typeof queue !== "string" || !Number.isSafeInteger(count) || (count as number) < 0 || timeout < 0) return undefined;
  return pullMany(engine, queue, count as number, timeout, ctx);
}

/** Hot paths by command name. */
export const FAST: Record<string, CommandSpec["fast"]> = {
  PUSH: fastPush,
  PUSHB: fastPushBatch,
  ACK: fastAck,
  ACKB: fastAckBatch,
  PULL: fastPull,
  PULLB: fastPullBatch,
};
