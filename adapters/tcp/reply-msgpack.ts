/**
 * One reply as one binary frame (4-byte length + MessagePack map), written into the
 * shared reply arena. Jobs of PULL/PULLB replies (marked {@link HAS_JOBS}) go through
 * the dedicated job writer; everything else through the generic writer.
 */
import type { Job } from "../../core/types.ts";
import type { Reply } from "../protocol/commands.ts";
import { HAS_JOBS } from "../protocol/wire.ts";
import { writeJob, writeJobs } from "./job-msgpack.ts";
import { abortFrame, beginFrame, endFrame, writeMapHeader, writeNil, writeObject, writeString, writeValue } from "./msgpack-writer.ts";

function writeJobsReply(reply: Reply): void {
  const keys = Object.keys(reply);
  writeMapHeader(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = reply[k];
    writeString(k);
    if (k === "jobs" && Array.isArray(v)) writeJobs(v as Job[]);
    else if (k === "job" && typeof v === "object") {
      if (v === null) writeNil();
      else writeJob(v as Job);
    } else writeValue(v);
  }
}

/** Encode `reply` as a length-prefixed frame (a view of the arena; valid for good). */
export function encodeReplyFrame(reply: Reply): Buffer {
  beginFrame();
  try {
    if ((reply as { [HAS_JOBS]?: boolean })[HAS_JOBS] === true) writeJobsReply(reply);
    else writeObject(reply);
  } catch (err) {
    abortFrame();
    throw err;
  }
  return endFrame();
}
