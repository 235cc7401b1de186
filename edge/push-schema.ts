/**
 * Validation of push bodies for the edge producer: the shape (zod) plus the
 * semantic limits of `core/validation.ts` (queue name, 10 MB data, 1000 jobs).
 *
 * The wire accepts flashQ's snake_case names and the SDK's aliases (`jobId`,
 * `keepCompletedAge`, `keepCompletedCount`); `null` means "absent" (MessagePack
 * clients send nil for undefined). Unknown fields are ignored, as flashQ does.
 * The output is a normalised {@link JobInput} with snake_case names only.
 */
import { z } from "zod";
import type { JobInput } from "../core/types.ts";
import { ValidationError } from "../core/errors.ts";
import { MAX_BATCH_SIZE, MAX_JOB_DATA_SIZE, validateJobDataSize } from "../core/validation.ts";

const ms = z.number().finite().nonnegative().nullish();
const count = z.number().int().nonnegative().nullish();
const str = z.string().max(1024).nullish();

/** One job as the wire carries it (PUSH fields without `queue`). */
const jobShape = z.object({
  data: z.unknown().optional(),
  priority: z.number().int().min(-2147483648).max(2147483647).nullish(),
  delay: ms,
  ttl: ms,
  timeout: ms,
  max_attempts: count,
  attempts: count,
  backoff: z
    .union([z.number().finite().nonnegative(), z.object({ type: z.enum(["exponential", "fixed"]), delay: z.number().finite().nonnegative() })])
    .nullish(),
  unique_key: str,
  job_id: str,
  jobId: str,
  depends_on: z.array(z.number().int().positive()).max(MAX_BATCH_SIZE).nullish(),
  tags: z.array(z.string().max(256)).max(100).nullish(),
  lifo: z.boolean().nullish(),
  remove_on_complete: z.boolean().nullish(),
  remove_on_fail: z.boolean().nullish(),
  stall_timeout: ms,
  debounce_id: str,
  debounce_ttl: ms,
  keep_completed_age: ms,
  keepCompletedAge: ms,
  keep_completed_count: count,
  keepCompletedCount: count,
  group_id: str,
});

type WireJob = z.infer<typeof jobShape>;

/** Copy the present options of a parsed wire job into a normalised JobInput. */
function normalise(w: WireJob): JobInput {
  const out: JobInput = { data: w.data === undefined ? null : w.data };
  if (w.priority != null) out.priority = w.priority;
  if (w.delay != null) out.delay = w.delay;
  if (w.ttl != null) out.ttl = w.ttl;
  if (w.timeout != null) out.timeout = w.timeout;
  const attempts = w.max_attempts ?? w.attempts;
  if (attempts != null) out.max_attempts = attempts;
  if (w.backoff != null) out.backoff = w.backoff;
  if (w.unique_key != null) out.unique_key = w.unique_key;
  const jobId = w.job_id ?? w.jobId;
  if (jobId != null) out.job_id = jobId;
  if (w.depends_on != null) out.depends_on = w.depends_on;
  if (w.tags != null) out.tags = w.tags;
  if (w.lifo != null) out.lifo = w.lifo;
  if (w.remove_on_complete != null) out.remove_on_complete = w.remove_on_complete;
  if (w.remove_on_fail != null) out.remove_on_fail = w.remove_on_fail;
  if (w.stall_timeout != null) out.stall_timeout = w.stall_timeout;
  if (w.debounce_id != null) out.debounce_id = w.debounce_id;
  if (w.debounce_ttl != null) out.debounce_ttl = w.debounce_ttl;
  const age = w.keep_completed_age ?? w.keepCompletedAge;
  if (age != null) out.keep_completed_age = age;
  const cnt = w.keep_completed_count ?? w.keepCompletedCount;
  if (cnt != null) out.keep_completed_count = cnt;
  if (w.group_id != null) out.group_id = w.group_id;
  return out;
}

/** A ValidationError for a limit (size, count): the producer answers it with 413. */
export class PayloadTooLargeError extends ValidationError {
  constructor(message: string, field?: string) {
    super(message, field);
    this.name = "PayloadTooLargeError";
  }
}

/** The first zod issue as a ValidationError naming the field path (`jobs.3.priority`). */
function fromZod(err: z.ZodError, prefix: string): ValidationError {
  const issue = err.issues[0];
  const path = [prefix, ...(issue?.path ?? [])].filter((p) => p !== "").join(".");
  return new ValidationError(`Invalid ${path || "body"}: ${issue?.message ?? "bad value"}`, path || "body");
}

function checkSize(data: unknown, knownBytes: number | undefined, field: string): void {
  try {
    validateJobDataSize(data, knownBytes, field);
  } catch (err) {
    if (err instanceof ValidationError) throw new PayloadTooLargeError(err.message, field);
    throw err;
  }
}

/**
 * Parse and check one single-push body.
 * @param bodyBytes size of the request body: when it is within the data limit the
 *   data certainly is too, so the size walk is skipped.
 */
export function parsePushBody(body: unknown, bodyBytes: number): JobInput {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ValidationError("Invalid body: expected a JSON object with a `data` field", "body");
  }
  const r = jobShape.safeParse(body);
  if (!r.success) throw fromZod(r.error, "");
  const input = normalise(r.data);
  checkSize(input.data, bodyBytes <= MAX_JOB_DATA_SIZE ? bodyBytes : undefined, "data");
  return input;
}

/** Parse and check a batch body `{jobs: [...]}` (1..1000 jobs). */
export function parseBatchBody(body: unknown, bodyBytes: number): JobInput[] {
  const jobs = (body as { jobs?: unknown } | null)?.jobs;
  if (body === null || typeof body !== "object" || !Array.isArray(jobs)) {
    throw new ValidationError("Invalid body: expected a JSON object with a `jobs` array", "jobs");
  }
  if (jobs.length > MAX_BATCH_SIZE) {
    throw new PayloadTooLargeError(`Batch too large: ${jobs.length} jobs (max ${MAX_BATCH_SIZE})`, "jobs");
  }
  if (jobs.length === 0) throw new ValidationError("Invalid jobs: the batch is empty", "jobs");
  const small = bodyBytes <= MAX_JOB_DATA_SIZE;
  const out: JobInput[] = new Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i];
    if (j === null || typeof j !== "object" || Array.isArray(j)) {
      throw new ValidationError(`Invalid jobs.${i}: expected an object`, `jobs.${i}`);
    }
    const r = jobShape.safeParse(j);
    if (!r.success) throw fromZod(r.error, `jobs.${i}`);
    const input = normalise(r.data);
    checkSize(input.data, small ? bodyBytes : undefined, `jobs.${i}.data`);
    out[i] = input;
  }
  return out;
}
