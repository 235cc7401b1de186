/**
 * Public types of the SDK (reference manual, "Types Reference"). Wire types (Job,
 * QueueInfo, CronJob, ...) are the shared ones from `core/types.ts`.
 */
import type { PushOptions as WirePushOptions, Job, JobState } from "../core/types.ts";
import type { ClientHooks, WorkerHooks } from "./hooks.ts";
import type { LogLevel } from "./logger.ts";

export type {
  BackoffOption,
  CronJob,
  CronOptions,
  FlowChild,
  FlowResult,
  Job,
  JobCounts,
  JobInput,
  JobLogEntry,
  JobState,
  JobWithState,
  Metrics,
  QueueInfo,
  QueueMetrics,
  QueueStats,
} from "../core/types.ts";

/** Automatic retry of failed requests (ClientOptions.retry). */
export interface RetryConfig {
  /** Enable automatic retry on retryable errors (default: false). `retry: true` enables the defaults. */
  enabled?: boolean;
  /** Max retry attempts (default: 3). */
  maxRetries?: number;
  /** Initial delay in ms (default: 100). */
  initialDelay?: number;
  /** Max delay in ms (default: 5000). */
  maxDelay?: number;
  /** Callback on each retry. */
  onRetry?: (error: Error, attempt: number, delay: number) => void;
}

/** Options of the {@link FlashQ} client. */
export interface ClientOptions {
  /** Server host (default: 'localhost'). */
  host?: string;
  /** TCP port (default: 6789). */
  port?: number;
  /** HTTP port (default: 6790). */
  httpPort?: number;
  /** Unix socket path (alternative to TCP). */
  socketPath?: string;
  /** Auth token for protected servers. */
  token?: string;
  /** Connection (and request) timeout in ms (default: 5000). */
  timeout?: number;
  /** Use HTTP instead of TCP (default: false). */
  useHttp?: boolean;
  /** Use MessagePack binary protocol (default: false). */
  useBinary?: boolean;
  /** Enable auto-reconnect on connection loss (default: true). */
  autoReconnect?: boolean;
  /** Max reconnect attempts (default: 10, 0 = infinite). */
  maxReconnectAttempts?: number;
  /** Initial reconnect delay in ms (default: 1000). */
  reconnectDelay?: number;
  /** Max reconnect delay in ms (default: 30000). */
  maxReconnectDelay?: number;
  /** Log level (default: 'silent'). */
  logLevel?: LogLevel;
  /** Automatic retry configuration. */
  retry?: boolean | RetryConfig;
  /** Queue requests during reconnection (default: false). */
  queueOnDisconnect?: boolean;
  /** Max queued requests during disconnect (default: 100). */
  maxQueuedRequests?: number;
  /** Enable request ID tracking (default: false). */
  trackRequestIds?: boolean;
  /** Enable gzip compression for large payloads (default: false; TCP JSON mode). */
  compression?: boolean;
  /** Minimum payload size to compress in bytes (default: 1024). */
  compressionThreshold?: number;
  /** Observability hooks. */
  hooks?: ClientHooks;
}

/**
 * Options of a push: the wire's snake_case options plus the SDK's camelCase aliases
 * `jobId`, `keepCompletedAge`, `keepCompletedCount`.
 */
export interface PushOptions extends WirePushOptions {
  /** Custom ID for idempotency (alias of `job_id`). */
  jobId?: string;
  /** Keep the result for this duration in ms (alias of `keep_completed_age`). */
  keepCompletedAge?: number;
  /** Keep in the last N completed (alias of `keep_completed_count`). */
  keepCompletedCount?: number;
}

/** Result of `pushBatchSafe`. */
export interface BatchPushResult {
  /** Successfully created job IDs. */
  ids: number[];
  /** Failed jobs with their errors. */
  failed: Array<{ index: number; error: string }>;
  /** Whether all jobs were created. */
  allSucceeded: boolean;
}

/** Generic result of a batch with partial failures. */
export interface BatchResult<T> {
  /** Successfully processed items. */
  succeeded: T[];
  /** Failed items with their errors. */
  failed: Array<{ index: number; error: string }>;
  /** Whether all items succeeded. */
  allSucceeded: boolean;
}

/** Options of `pushFlow`. */
export interface FlowOptions {
  /** Job priority (higher = processed first). */
  priority?: number;
}

/** Filters of `getJobs`. */
export interface GetJobsOptions {
  queue?: string;
  state?: JobState;
  limit?: number;
  offset?: number;
}

/** BullMQ-compatible job options of `Queue.add`. */
export interface JobOptions {
  /** Job priority (higher = first). */
  priority?: number;
  /** Delay in ms. */
  delay?: number;
  /** Number of attempts (BullMQ-compatible alias for max_attempts). */
  attempts?: number;
  /** Backoff configuration. */
  backoff?: number | { type: "exponential" | "fixed"; delay: number };
  /** Job timeout in ms. */
  timeout?: number;
  /** Time-to-live in ms. */
  ttl?: number;
  /** Custom job id for idempotency. */
  jobId?: string;
  /** Remove job on completion (`true`), or keep only the last N completed (number). */
  removeOnComplete?: boolean | number;
  /** Remove job on failure instead of keeping it in the DLQ. */
  removeOnFail?: boolean | number;
  /** Job IDs that must complete before this job runs. */
  depends_on?: number[];
  /** Tags for filtering. */
  tags?: string[];
  /** Group ID for FIFO processing within group. */
  group_id?: string;
}

/** One job of `Queue.addBulk`. */
export interface BulkJobOptions<T = unknown> {
  name: string;
  data: T;
  opts?: JobOptions;
}

/** Options of the BullMQ-compatible {@link Queue}. */
export interface QueueOptions extends ClientOptions {
  /** Default job options for all jobs in this queue. */
  defaultJobOptions?: JobOptions;
}

/** A job processor: returns (or resolves to) the job's result; throwing fails the job. */
export type JobProcessor<T = unknown, R = unknown> = (job: Job<T>) => R | Promise<R>;

/** Worker-specific options. */
export interface WorkerOptions {
  /** Worker ID. */
  id?: string;
  /** Parallel job processing (default: 10). */
  concurrency?: number;
  /** Jobs per batch pull (default: 100). */
  batchSize?: number;
  /** Auto-ack on success and auto-fail on error (default: true). */
  autoAck?: boolean;
}

/** Options of the {@link Worker}: client options plus worker settings. */
export interface BullMQWorkerOptions extends ClientOptions, WorkerOptions {
  /** Auto-start on creation (default: true). */
  autorun?: boolean;
  /** Alias of `autorun`. */
  autostart?: boolean;
  /** Enable debug logging (default: false). */
  debug?: boolean;
  /** Graceful shutdown timeout in ms (default: 30000, 0 = infinite). */
  closeTimeout?: number;
  /** Server-side wait of each batch pull, ms (default: 500). */
  pullTimeout?: number;
  /** Worker hooks for observability. */
  workerHooks?: WorkerHooks;
}

/** States of a worker. */
export type WorkerState = "idle" | "starting" | "running" | "stopping" | "stopped";

/** Job event types delivered by {@link EventSubscriber}. */
export type EventType = "pushed" | "completed" | "failed" | "progress" | "timeout";

/** A job event. */
export interface JobEvent {
  eventType: EventType;
  queue: string;
  jobId: number;
  timestamp: number;
  /** Job data (pushed) or result (completed). */
  data?: unknown;
  /** Error message (failed). */
  error?: string;
  /** Progress value (progress). */
  progress?: number;
}

/** Options of {@link EventSubscriber}. */
export interface EventSubscriberOptions {
  /** Server host (default: 'localhost'). */
  host?: string;
  /** HTTP port (default: 6790). */
  httpPort?: number;
  /** Auth token for protected servers. */
  token?: string;
  /** Queue to subscribe to (omit for all queues). */
  queue?: string;
  /** Connection type (default: 'sse'). */
  type?: "sse" | "websocket";
  /** Enable auto-reconnect (default: true). */
  autoReconnect?: boolean;
  /** Initial reconnect delay in ms (default: 1000). */
  reconnectDelay?: number;
  /** Max reconnect attempts, 0 = infinite (default: 10). */
  maxReconnectAttempts?: number;
  /** Enable debug logging (default: false). */
  debug?: boolean;
}
