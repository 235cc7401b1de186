/**
 * Jobs as MessagePack maps without a generic encoder: the 33 keys of {@link Job} are
 * encoded once, values are written straight into the reply arena (`data` by the
 * generic writer). The output is the map msgpackr would write for a job built by
 * the engine (same keys, same order, same value encodings) — any decoder reads it.
 */
import type { Job } from "../../core/types.ts";
import { encodeKey, writeArrayHeader, writeKey, writeMapHeader, writeNumber, writeString, writeValue } from "./msgpack-writer.ts";

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

/** Write one job as a map of its {@link Job} fields. */
export function writeJob(j: Job): void {
  writeMapHeader(JOB_KEY_COUNT);
  writeKey(K.id); num(j.id);
  writeKey(K.queue); str(j.queue);
  writeKey(K.data); writeValue(j.data);
  writeKey(K.priority); num(j.priority);
  writeKey(K.created_at); num(j.created_at);
  writeKey(K.run_at); num(j.run_at);
  writeKey(K.started_at); num(j.started_at);
  writeKey(K.attempts); num(j.attempts);
  writeKey(K.max_attempts); num(j.max_attempts);
  writeKey(K.backoff); num(j.backoff);
  writeKey(K.backoff_type); str(j.backoff_type);
  writeKey(K.ttl); num(j.ttl);
  writeKey(K.timeout); num(j.timeout);
  writeKey(K.unique_key); str(j.unique_key);
  writeKey(K.depends_on); writeValue(j.depends_on);
  writeKey(K.progress); num(j.progress);
  writeKey(K.progress_msg); str(j.progress_msg);
  writeKey(K.tags); writeValue(j.tags);
  writeKey(K.lifo); writeValue(j.lifo);
  writeKey(K.remove_on_complete); writeValue(j.remove_on_complete);
  writeKey(K.remove_on_fail); writeValue(j.remove_on_fail);
  writeKey(K.last_heartbeat); num(j.last_heartbeat);
  writeKey(K.stall_timeout); num(j.stall_timeout);
  writeKey(K.stall_count); num(j.stall_count);
  writeKey(K.parent_id); writeValue(j.parent_id);
  writeKey(K.children_ids); writeValue(j.children_ids);
  writeKey(K.children_completed); num(j.children_completed);
  writeKey(K.custom_id); str(j.custom_id);
  writeKey(K.keep_completed_age); num(j.keep_completed_age);
  writeKey(K.keep_completed_count); num(j.keep_completed_count);
  writeKey(K.completed_at); num(j.completed_at);
  writeKey(K.group_id); str(j.group_id);
}

/** Write a list of jobs as an array of maps. */
export function writeJobs(jobs: readonly Job[]): void {
  const n = jobs.length;
  writeArrayHeader(n);
  for (let i = 0; i < n; i++) writeJob(jobs[i]!);
}
