/**
 * One reply as one binary frame (4-byte length + MessagePack map), written into the
 * shared reply arena. Jobs of PULL/PULLB replies (marked {@link HAS_JOBS}) go through
 * the dedicated job writer; everything else through the generic writer.
 */
import type { Job } from "../../core/types.ts";
import type { Reply } from "../protocol/commands.ts";
import { HAS_JOBS } from "../protocol/wire.ts";
import { RawData } from "./raw-data.ts";
import { writeJob, writeJobRecord, writeJobRecords, writeJobs } from "./job-msgpack.ts";
import { abortFrame, beginFrame, endFrame, setRecordMode, writeMapHeader, writeNil, writeObject, writeString, writeValue } from "./msgpack-writer.ts";

function writeJobsReply(reply: Reply, records: boolean): void {
  const keys = Object.keys(reply);
  writeMapHeader(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = reply[k];
    writeString(k);
    if (k === "jobs" && Array.isArray(v)) {
      if (records) writeJobRecords(v as Job[]);
      else writeJobs(v as Job[]);
    } else if (k === "job" && typeof v === "object") {
      if (v === null) writeNil();
      else if (records) writeJobRecord(v as Job, false);
      else writeJob(v as Job);
    } else writeValue(v);
  }
}

/** No job of the reply holds kept bytes that would read as record references. */
function recordSafe(reply: Reply): boolean {
  const one = reply.job as Job | null | undefined;
  if (one) return !(one.data instanceof RawData) || one.data.recordSafe;
  const jobs = reply.jobs as Job[] | undefined;
  if (!Array.isArray(jobs)) return true;
  for (let i = 0; i < jobs.length; i++) {
    const d = jobs[i]!.data;
    if (d instanceof RawData && !d.recordSafe) return false;
  }
  return true;
}

/**
 * Encode `reply` as a length-prefixed frame (a view of the arena; valid for good).
 * `records` (the request asked for `records: true`): jobs of PULL/PULLB replies use
 * msgpackr's record extension — the keys once per reply instead of once per job
 * (~85 instead of ~435 bytes for a small job). msgpackr decodes it with any options
 * (the record is declared inside the frame); other decoders do not, hence opt-in.
 * A job whose kept payload (RawData) holds a byte 0x40–0x7f as a value would read as
 * a record reference there, so such a reply goes out as plain maps.
 */
export function encodeReplyFrame(reply: Reply, records = false): Buffer {
  beginFrame();
  const hasJobs = (reply as { [HAS_JOBS]?: boolean })[HAS_JOBS] === true;
  const rec = records && hasJobs && recordSafe(reply);
  if (rec) setRecordMode(true);
  try {
    if (hasJobs) writeJobsReply(reply, rec);
    else writeObject(reply);
  } catch (err) {
    abortFrame();
    throw err;
  } finally {
    if (rec) setRecordMode(false);
  }
  return endFrame();
}
