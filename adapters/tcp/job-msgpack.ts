/**
 * Jobs as MessagePack maps without a generic encoder: the 33 keys of {@link Job} are
 * encoded once, values are written straight into the reply arena (`data` by the
 * generic writer). The output is the map msgpackr would write for a job built by
 * the engine (same keys, same order, same value encodings) — any decoder reads it.
 */
import type { Job } from "../../core/types.ts";
import { encodeBytes, encodeKey, writeArrayHeader, writeKey, writeMapHeader, writeNumber, writeString, writeValue } from "./msgpack-writer.ts";

const K = {
  id: encodeKey("id"),
  queue: encodeKey("queue"),
  data: encodeKey("data"),
  priority: encodeKey("priority"),
  created_at: encodeKey("created_at"),
  run_at: encodeKey("run_at"),
  started_at: encodeKey("started_at"),
  attempts: encodeKey("attempts"),
  max_attempts: encodeKey("max_attempts"),
  backoff: encodeKey("backoff"),
  backoff_type: encodeKey("backoff_type"),
  ttl: encodeKey("ttl"),
  timeout: encodeKey("timeout"),
  unique_key: encodeKey("unique_key"),
  depends_on: encodeKey("depends_on"),
  progress: encodeKey("progress"),
  progress_msg: encodeKey("progress_msg"),
  tags: encodeKey("tags"),
  lifo: encodeKey("lifo"),
  remove_on_complete: encodeKey("remove_on_complete"),
  remove_on_fail: encodeKey("remove_on_fail"),
  last_heartbeat: encodeKey("last_heartbeat"),
  stall_timeout: encodeKey("stall_timeout"),
  stall_count: encodeKey("stall_count"),
  parent_id: encodeKey("parent_id"),
  children_ids: encodeKey("children_ids"),
  children_completed: encodeKey("children_completed"),
  custom_id: encodeKey("custom_id"),
  keep_completed_age: encodeKey("keep_completed_age"),
  keep_completed_count: encodeKey("keep_completed_count"),
  completed_at: encodeKey("completed_at"),
  group_id: encodeKey("group_id"),
};

/** Number of keys of a wire job. */
export const JOB_KEY_COUNT = Object.keys(K).length;

function num(v: number): void {
  if (typeof v === "number") writeNumber(v);
  else writeValue(v);
}

function str(v: string | null): void {
  if (typeof v === "string") writeString(v);
  else writeValue(v);
}

/** The 32 values of a job, each after its key when `keys`. */
function writeFields(j: Job, keys: boolean): void {
  if (keys) writeKey(K.id);
  num(j.id);
  if (keys) writeKey(K.queue);
  str(j.queue);
  if (keys) writeKey(K.data);
  writeValue(j.data);
  if (keys) writeKey(K.priority);
  num(j.priority);
  if (keys) writeKey(K.created_at);
  num(j.created_at);
  if (keys) writeKey(K.run_at);
  num(j.run_at);
  if (keys) writeKey(K.started_at);
  num(j.started_at);
  if (keys) writeKey(K.attempts);
  num(j.attempts);
  if (keys) writeKey(K.max_attempts);
  num(j.max_attempts);
  if (keys) writeKey(K.backoff);
  num(j.backoff);
  if (keys) writeKey(K.backoff_type);
  str(j.backoff_type);
  if (keys) writeKey(K.ttl);
  num(j.ttl);
  if (keys) writeKey(K.timeout);
  num(j.timeout);
  if (keys) writeKey(K.unique_key);
  str(j.unique_key);
  if (keys) writeKey(K.depends_on);
  writeValue(j.depends_on);
  if (keys) writeKey(K.progress);
  num(j.progress);
  if (keys) writeKey(K.progress_msg);
  str(j.progress_msg);
  if (keys) writeKey(K.tags);
  writeValue(j.tags);
  if (keys) writeKey(K.lifo);
  writeValue(j.lifo);
  if (keys) writeKey(K.remove_on_complete);
  writeValue(j.remove_on_complete);
  if (keys) writeKey(K.remove_on_fail);
  writeValue(j.remove_on_fail);
  if (keys) writeKey(K.last_heartbeat);
  num(j.last_heartbeat);
  if (keys) writeKey(K.stall_timeout);
  num(j.stall_timeout);
  if (keys) writeKey(K.stall_count);
  num(j.stall_count);
  if (keys) writeKey(K.parent_id);
  writeValue(j.parent_id);
  if (keys) writeKey(K.children_ids);
  writeValue(j.children_ids);
  if (keys) writeKey(K.children_completed);
  num(j.children_completed);
  if (keys) writeKey(K.custom_id);
  str(j.custom_id);
  if (keys) writeKey(K.keep_completed_age);
  num(j.keep_completed_age);
  if (keys) writeKey(K.keep_completed_count);
  num(j.keep_completed_count);
  if (keys) writeKey(K.completed_at);
  num(j.completed_at);
  if (keys) writeKey(K.group_id);
  str(j.group_id);
}

/** Write one job as a map of its {@link Job} fields. */
export function writeJob(j: Job): void {
  writeMapHeader(JOB_KEY_COUNT);
  writeFields(j, true);
}

/** Write a list of jobs as an array of maps. */
export function writeJobs(jobs: readonly Job[]): void {
  const n = jobs.length;
  writeArrayHeader(n);
  for (let i = 0; i < n; i++) writeJob(jobs[i]!);
}

/**
 * msgpackr's record extension (opt-in, see reply-msgpack.ts): the first job is
 * `d4 72 40` + the array of the 32 keys + its values, every later one the byte 0x40
 * + its values — no keys repeated. The caller switches the writer to record mode.
 */
const RECORD_DEF = encodeBytes(new Uint8Array([0xd4, 0x72, 0x40, 0xdc, 0x00, Object.keys(K).length, ...Buffer.concat(Object.values(K).map(keyBytes))]));
const RECORD_REF = encodeBytes(new Uint8Array([0x40]));

function keyBytes(k: { words: Int32Array; tail: Uint8Array }): Buffer {
  const out = Buffer.alloc(k.words.length * 4);
  for (let i = 0; i < k.words.length; i++) out.writeInt32BE(k.words[i]!, i * 4);
  return Buffer.concat([out, k.tail]);
}

/** One job as a record; `defined`: the record was already declared in this frame. */
export function writeJobRecord(j: Job, defined: boolean): void {
  writeKey(defined ? RECORD_REF : RECORD_DEF);
  writeFields(j, false);
}

/** Jobs as an array of records (the first declares the record). */
export function writeJobRecords(jobs: readonly Job[]): void {
  const n = jobs.length;
  writeArrayHeader(n);
  for (let i = 0; i < n; i++) writeJobRecord(jobs[i]!, i > 0);
}
