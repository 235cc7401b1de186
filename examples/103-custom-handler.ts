/**
 * Manual example #103: "Custom Handler" (SDK reference, line 1741).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { createLogger } from "../client/index.ts";

// ---- setup ----
const myLoggingService = { log(entry: Record<string, unknown>): void { void entry; } };

// ---- manual example ----
const logger = createLogger({
  level: 'info',
  handler: (entry) => {
    // Send to logging service
    myLoggingService.log({
      level: entry.level,
      message: entry.message,
      data: entry.data,
      timestamp: entry.timestamp,
      requestId: entry.requestId,
    });
  },
});
// ---- end of manual example ----

// ---- check and clean up ----
logger.info('hello', { n: 1 });

export {};
