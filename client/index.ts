/**
 * flashQ TypeScript SDK: every name the reference manual uses.
 *
 * @example
 * import { FlashQ, Queue, Worker } from './client/index.ts';
 */
export { FlashQ } from "./client.ts";
export { Queue, type QueueJob } from "./queue.ts";
export { Worker } from "./worker.ts";
export { EventSubscriber } from "./events/subscriber.ts";
export type { ConnectionState, ResolvedClientOptions } from "./connection.ts";

export {
  AuthenticationError,
  BatchError,
  ConcurrencyLimitError,
  ConnectionError,
  DuplicateJobError,
  FlashQError,
  InvalidStateError,
  JobNotFoundError,
  QueueError,
  QueueNotFoundError,
  QueuePausedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  errorFromReply,
  errorFromWire,
  isRetryable,
  parseServerError,
} from "./errors.ts";
export type { BatchFailure, ErrorCode, ErrorDetails, WireError } from "./errors.ts";

export { RetryPresets, retryable, retryDelay, withRetry, type RetryOptions } from "./retry.ts";

export {
  callErrorHook,
  callHook,
  createHookContext,
  getDuration,
  type AckHookContext,
  type BatchPullHookContext,
  type BatchPushHookContext,
  ClientHooks,
  type ConnectionEvent,
  type ConnectionHookContext,
  type ErrorHook,
  type HookError,
  type FailHookContext,
  type Hook,
  type HookContext,
  type ProcessHookContext,
  type PullHookContext,
  type PushHookContext,
  WorkerHooks,
} from "./hooks.ts";

export {
  Logger,
  createLogger,
  getLogger,
  setGlobalLogger,
  type LogEntry,
  type LogLevel,
  type LoggerOptions,
} from "./logger.ts";

export {
  DEFAULT_HOST,
  DEFAULT_HTTP_PORT,
  DEFAULT_PORT,
  DEFAULT_TIMEOUT,
  MAX_BATCH_SIZE,
  MAX_JOB_DATA_SIZE,
} from "./constants.ts";
export { validateBatchSize, validateJobDataSize, validateJobId, validateQueueName } from "./validation.ts";

export type {
  BackoffOption,
  BatchPushResult,
  BatchResult,
  BulkJobOptions,
  BullMQWorkerOptions,
  ClientOptions,
  CronJob,
  CronOptions,
  EventSubscriberOptions,
  EventType,
  FlowChild,
  FlowOptions,
  FlowResult,
  GetJobsOptions,
  Job,
  JobCounts,
  JobEvent,
  JobInput,
  JobLogEntry,
  JobOptions,
  JobProcessor,
  JobState,
  JobWithState,
  Metrics,
  PushOptions,
  QueueInfo,
  QueueMetrics,
  QueueOptions,
  QueueStats,
  RetryConfig,
  WorkerOptions,
  WorkerState,
} from "./types.ts";
