/**
 * Logger with levels, prefix, timestamps, child loggers, a request id and a custom
 * handler (reference manual, "Logger").
 *
 * Output line: `2024-01-15T10:30:00.000Z [my-app] [req-12345] INFO Processing request`
 * followed by the data argument, if any.
 */

/** Log levels, most verbose first; `silent` logs nothing. */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "silent";

/** One log record, as a custom handler receives it. */
export interface LogEntry {
  level: Exclude<LogLevel, "silent">;
  message: string;
  data?: unknown;
  /** ISO-8601 time of the call. */
  timestamp: string;
  requestId?: string;
  prefix?: string;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum log level (default: 'silent'). */
  level?: LogLevel;
  /** Prefix for all log messages. */
  prefix?: string;
  /** Include timestamps (default: true). */
  timestamps?: boolean;
  /** Custom log handler: receives every entry at or above the level instead of the console. */
  handler?: (entry: LogEntry) => void;
}

const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, silent: 5 };

/** A leveled logger. */
export class Logger {
  level: LogLevel;
  readonly prefix?: string;
  readonly timestamps: boolean;
  readonly handler?: (entry: LogEntry) => void;
  #requestId?: string;

  constructor(options: LoggerOptions = {}) {
    this.level = options.level ?? "silent";
    this.prefix = options.prefix;
    this.timestamps = options.timestamps ?? true;
    this.handler = options.handler;
  }

  /** Change the minimum level. */
  setLevel(level: LogLevel): void {
    this.level = level;
  }

  /** Whether messages of `level` are emitted. */
  isLevelEnabled(level: LogLevel): boolean {
    return level !== "silent" && RANK[level] >= RANK[this.level];
  }

  /** Set (or clear with `undefined`) the request id printed with every message. */
  setRequestId(requestId: string | undefined): void {
    this.#requestId = requestId;
  }

  /** The current request id. */
  getRequestId(): string | undefined {
    return this.#requestId;
  }

  /** A logger whose prefix is `<prefix>:<name>`, sharing level, timestamps and handler. */
  child(name: string): Logger {
    const child = new Logger({
      level: this.level,
      prefix: this.prefix ? `${this.prefix}:${name}` : name,
      timestamps: this.timestamps,
      handler: this.handler,
    });
    child.#requestId = this.#requestId;
    return child;
  }

  trace(message: string, data?: unknown): void {
    this.#log("trace", message, data);
  }
  debug(message: string, data?: unknown): void {
    this.#log("debug", message, data);
  }
  info(message: string, data?: unknown): void {
    this.#log("info", message, data);
  }
  warn(message: string, data?: unknown): void {
    this.#log("warn", message, data);
  }
  error(message: string, data?: unknown): void {
    this.#log("error", message, data);
  }

  #log(level: Exclude<LogLevel, "silent">, message: string, data: unknown): void {
    if (RANK[level] < RANK[this.level]) return;
    const entry: LogEntry = {
      level,
      message,
      data,
      timestamp: new Date().toISOString(),
      requestId: this.#requestId,
      prefix: this.prefix,
    };
    if (this.handler) {
      this.handler(entry);
      return;
    }
    let line = "";
    if (this.timestamps) line += entry.timestamp + " ";
    if (this.prefix) line += `[${this.prefix}] `;
    if (this.#requestId) line += `[${this.#requestId}] `;
    line += `${level.toUpperCase()} ${message}`;
    const out = level === "error" ? console.error : level === "warn" ? console.warn : console.log;
    if (data === undefined) out(line);
    else out(line, data);
  }
}

/** Create a logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return new Logger(options);
}

let globalLogger = new Logger();

/** The global logger (silent unless replaced with {@link setGlobalLogger}). */
export function getLogger(): Logger {
  return globalLogger;
}

/** Replace the global logger. */
export function setGlobalLogger(logger: Logger): void {
  globalLogger = logger;
}
