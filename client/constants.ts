/**
 * SDK defaults and limits (reference manual, "Constants and Validation").
 */

/** Maximum jobs per batch operation (PUSHB, PULLB, ACKB). */
export const MAX_BATCH_SIZE = 1000;

/** Maximum size of one job's data, in bytes of its JSON text (10 MB). */
export const MAX_JOB_DATA_SIZE = 10 * 1024 * 1024;

/** Longest queue name the server accepts. */
export const MAX_QUEUE_NAME_LENGTH = 256;

/** Default server host. */
export const DEFAULT_HOST = "localhost";
/** Default TCP port. */
export const DEFAULT_PORT = 6789;
/** Default HTTP port (REST, SSE, WebSocket). */
export const DEFAULT_HTTP_PORT = 6790;
/** Default connection and request timeout, ms. */
export const DEFAULT_TIMEOUT = 5000;
/** Default server-side wait of a blocking pull, ms. */
export const DEFAULT_PULL_TIMEOUT = 60000;
/** Extra time the client waits beyond a server-side wait (pull, finished), ms. */
export const CLIENT_WAIT_MARGIN = 5000;
/** Default server-side wait of `finished()`, ms. */
export const DEFAULT_FINISHED_TIMEOUT = 30000;
/** Reconnect defaults. */
export const DEFAULT_RECONNECT_DELAY = 1000;
export const DEFAULT_MAX_RECONNECT_DELAY = 30000;
export const DEFAULT_MAX_RECONNECT_ATTEMPTS = 10;
/** Offline queue default capacity. */
export const DEFAULT_MAX_QUEUED_REQUESTS = 100;
/** Compression default threshold, bytes. */
export const DEFAULT_COMPRESSION_THRESHOLD = 1024;
/** Max size of one binary frame (16 MiB), as the server enforces. */
export const MAX_FRAME_SIZE = 16 * 1024 * 1024;
