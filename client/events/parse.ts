/**
 * Parsing of event-stream payloads: the wire event `{event_type, queue, job_id,
 * timestamp, data?, error?, progress?}` to {@link JobEvent}, and an incremental
 * `text/event-stream` (SSE) parser.
 */
import type { EventType, JobEvent } from "../types.ts";

/** Convert a wire event (snake_case; camelCase tolerated) to a JobEvent; null if not an event. */
export function toJobEvent(raw: unknown, fallbackType?: string): JobEvent | null {
  if (!raw || typeof raw !== "object") return null;
  const r = raw as Record<string, unknown>;
  const type = (r.event_type ?? r.eventType ?? r.type ?? fallbackType) as EventType | undefined;
  if (typeof type !== "string") return null;
  const ev: JobEvent = {
    eventType: type,
    queue: String(r.queue ?? ""),
    jobId: Number(r.job_id ?? r.jobId ?? 0),
    timestamp: Number(r.timestamp ?? Date.now()),
  };
  if (r.data !== undefined) ev.data = r.data;
  if (r.error !== undefined && r.error !== null) ev.error = String(r.error);
  if (r.progress !== undefined && r.progress !== null) ev.progress = Number(r.progress);
  return ev;
}

/** One dispatched SSE message. */
export interface SseMessage {
  event: string | undefined;
  data: string;
}

/** Incremental SSE parser: feed text chunks, get complete messages. */
export class SseParser {
  #buf = "";
  #event: string | undefined;
  #data: string[] = [];

  /** Feed a chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    const out: SseMessage[] = [];
    this.#buf += chunk;
    let nl: number;
    while ((nl = this.#buf.indexOf("\n")) !== -1) {
      let line = this.#buf.slice(0, nl);
      this.#buf = this.#buf.slice(nl + 1);
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (line === "") {
        if (this.#data.length > 0) out.push({ event: this.#event, data: this.#data.join("\n") });
        this.#event = undefined;
        this.#data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") this.#event = value;
      else if (field === "data") this.#data.push(value);
    }
    return out;
  }
}
