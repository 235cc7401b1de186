/**
 * The manual's type-only blocks (ClientOptions, JobOptions, BullMQWorkerOptions,
 * EventSubscriberOptions, RetryOptions, LoggerOptions, Types Reference, Hook Types):
 * one value per interface using every documented field, so `tsc` proves the SDK's
 * types carry them. Nothing runs against a server here.
 */
import type {
  BatchPushResult,
  BatchResult,
  BullMQWorkerOptions,
  ClientOptions,
  CronJob,
  CronOptions,
  ErrorHook,
  EventSubscriberOptions,
  EventType,
  FlowChild,
  FlowOptions,
  FlowResult,
  Hook,
  HookContext,
  Job,
  JobEvent,
  JobLogEntry,
  JobOptions,
  JobProcessor,
  JobState,
  JobWithState,
  LoggerOptions,
  Metrics,
  QueueInfo,
  QueueMetrics,
  QueueOptions,
  QueueStats,
  RetryConfig,
  RetryOptions,
  WorkerOptions,
  WorkerState,
} from "../client/index.ts";

export const clientOptions: Required<ClientOptions> = {
  host: "localhost", port: 6789, httpPort: 6790, socketPath: "/tmp/flashq.sock", token: "t", timeout: 5000,
  useHttp: false, useBinary: false, autoReconnect: true, maxReconnectAttempts: 10, reconnectDelay: 1000,
  maxReconnectDelay: 30000, logLevel: "silent", retry: { enabled: true, maxRetries: 3 }, queueOnDisconnect: false,
  maxQueuedRequests: 100, trackRequestIds: false, compression: false, compressionThreshold: 1024, hooks: {},
};

export const queueOptions: QueueOptions = { defaultJobOptions: { attempts: 3 } };

export const jobOptions: Required<JobOptions> = {
  priority: 1, delay: 0, attempts: 3, backoff: { type: "exponential", delay: 1000 }, timeout: 1000, ttl: 1000,
  jobId: "id", removeOnComplete: true, removeOnFail: 5, depends_on: [1], tags: ["a"], group_id: "g",
};

export const workerOptions: Required<Omit<BullMQWorkerOptions, keyof ClientOptions | "autostart" | "pullTimeout">> = {
  id: "w", concurrency: 10, batchSize: 100, autoAck: true, autorun: true, debug: false, closeTimeout: 30000,
  workerHooks: {},
};
export const plainWorkerOptions: Required<WorkerOptions> = { id: "w", concurrency: 10, batchSize: 100, autoAck: true };
export const workerState: WorkerState[] = ["idle", "starting", "running", "stopping", "stopped"];

export const subscriberOptions: Required<EventSubscriberOptions> = {
  host: "localhost", httpPort: 6790, token: "t", queue: "q", type: "sse", autoReconnect: true,
  reconnectDelay: 1000, maxReconnectAttempts: 10, debug: false,
};
export const eventTypes: EventType[] = ["pushed", "completed", "failed", "progress", "timeout"];
export const jobEvent: Required<JobEvent> = {
  eventType: "pushed", queue: "q", jobId: 1, timestamp: 0, data: {}, error: "e", progress: 1,
};

export const retryOptions: Required<RetryOptions> = {
  maxRetries: 3, initialDelay: 100, maxDelay: 5000, backoffMultiplier: 2, jitter: true, retryOn: ["X"],
  shouldRetry: () => true, onRetry: () => {},
};
export const retryConfig: Required<RetryConfig> = { enabled: true, maxRetries: 3, initialDelay: 100, maxDelay: 5000, onRetry: () => {} };
export const loggerOptions: Required<LoggerOptions> = { level: "info", prefix: "p", timestamps: true, handler: () => {} };

export const job: Job<{ a: number }> = {
  id: 1, queue: "q", data: { a: 1 }, priority: 0, attempts: 0, created_at: 0, run_at: 0, started_at: 0,
  max_attempts: 0, backoff: 0, backoff_type: "exponential", ttl: 0, timeout: 0, progress: 0, progress_msg: null,
  unique_key: "u", custom_id: "c", tags: [], depends_on: [], parent_id: 2, children_ids: [], children_completed: 0,
  lifo: false, remove_on_complete: false, remove_on_fail: false, last_heartbeat: 0, stall_timeout: 0, stall_count: 0,
  keep_completed_age: 0, keep_completed_count: 0, completed_at: 0, group_id: "g",
};
export const states: JobState[] = ["waiting", "delayed", "active", "completed", "failed"];
export const withState: JobWithState = { job, state: "waiting" };
export const processor: JobProcessor<{ a: number }, number> = (j) => j.data.a;
export const queueInfo: QueueInfo = {
  name: "q", pending: 0, processing: 0, dlq: 0, paused: false, completed: 0, delayed: 0, rate_limit: null, concurrency_limit: null,
};
export const queueStats: Pick<QueueStats, "queued" | "processing" | "delayed" | "dlq"> = { queued: 0, processing: 0, delayed: 0, dlq: 0 };
export const queueMetrics: QueueMetrics = { name: "q", pending: 0, processing: 0, dlq: 0, rate_limit: null };
export const metrics: Metrics = {
  total_pushed: 0, total_completed: 0, total_failed: 0, jobs_per_second: 0, avg_latency_ms: 0, queues: [queueMetrics],
};
export const cronJob: CronJob = {
  name: "n", queue: "q", data: {}, schedule: "* * * * * *", repeat_every: null, priority: 0, next_run: 0, executions: 0, limit: null,
};
export const cronOptions: Required<CronOptions> = { queue: "q", data: {}, schedule: "0 * * * * *", repeat_every: 1000, priority: 0, limit: 1 };
export const flowChild: Required<FlowChild> = { queue: "q", data: {}, priority: 0, delay: 0 };
export const flowResult: FlowResult = { parent_id: 1, children_ids: [2] };
export const flowOptions: Required<FlowOptions> = { priority: 1 };
export const logEntry: JobLogEntry = { timestamp: 0, message: "m", level: "info" };
export const batchPushResult: BatchPushResult = { ids: [1], failed: [{ index: 1, error: "e" }], allSucceeded: false };
export const batchResult: BatchResult<number> = { succeeded: [1], failed: [], allSucceeded: true };
export const hookContext: HookContext = { startTime: 0, requestId: "r", span: {} };
export const hook: Hook<HookContext> = (ctx) => void ctx.startTime;
export const errorHook: ErrorHook<HookContext> = (ctx, error) => void [ctx, error.message];
