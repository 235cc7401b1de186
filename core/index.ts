/**
 * Public entry point of the engine: a curated list of named exports.
 *
 * @example
 * import { createEngine, ManualClock } from "./core/index.ts";
 * const engine = createEngine({ clock: new ManualClock() });
 * await engine.start();
 */
export { createEngine, Engine } from "./engine.ts";
export type { EngineOptions } from "./engine.ts";
export type { EngineApi, PullOptions } from "./engine-api.ts";
export { DEFAULT_TUNING } from "./shard.ts";
export type { EngineTuning } from "./shard.ts";
export { ManualClock } from "./manual-clock.ts";
export { MemoryStorage } from "./memory-storage.ts";
export type { MemoryStorageOptions } from "./memory-storage.ts";
export { CounterIds } from "./ids.ts";
export {
  MAX_BATCH_SIZE,
  MAX_JOB_DATA_SIZE,
  MAX_QUEUE_NAME_LENGTH,
  validateQueueName,
  validateJobDataSize,
  validateJobId,
  validateNonNegative,
  validateBatchSize,
} from "./validation.ts";
export { exactJsonBytes, utf8Length } from "./json-size.ts";
export { jobToJson, flattenJobWithState } from "./wire.ts";
export { backoffDelay, decideFailure } from "./decisions/retry.ts";
export type { FailureVerdict } from "./decisions/retry.ts";
export { parseCron } from "./cron-schedule.ts";
export {
  FlashQError,
  QueueError,
  ValidationError,
  JobNotFoundError,
  QueueNotFoundError,
  DuplicateJobError,
  InvalidStateError,
  QueuePausedError,
  RateLimitError,
  ConcurrencyLimitError,
  AuthenticationError,
  ServerError,
  PayloadTooLargeError,
  ConnectionError,
  TimeoutError,
  BatchError,
  RETRYABLE_SERVER_CODES,
  errorToWire,
  errorFromWire,
} from "./errors.ts";
export type { ErrorCode, ErrorDetails, WireError, BatchFailure } from "./errors.ts";
export type {
  Clock,
  TimerHandle,
  IdSource,
  Storage,
  StoredJob,
  QueueSettings,
  Change,
  Snapshot,
} from "./ports.ts";
export type {
  JobState,
  BackoffOption,
  Job,
  JobWithState,
  PushOptions,
  JobInput,
  BatchItemResult,
  JobLogEntry,
  QueueInfo,
  JobCounts,
  QueueStats,
  QueueMetrics,
  Metrics,
  CronJob,
  CronOptions,
  FlowChild,
  FlowResult,
  CleanState,
  JobListOptions,
  EngineEvent,
  EngineEventType,
} from "./types.ts";
