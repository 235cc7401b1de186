/**
 * Manual example #101: "Usage" (SDK reference, line 1684).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { Logger, createLogger, getLogger, setGlobalLogger } from "../client/index.ts";

// ---- manual example ----
// Create a logger
const logger = createLogger({
  level: 'info',
  prefix: 'my-app',
  timestamps: true,
});

// Log messages
logger.trace('Trace message', { data: 'value' });
logger.debug('Debug message');
logger.info('Info message');
logger.warn('Warning message');
logger.error('Error message', new Error('Something went wrong'));

// Request ID tracking
logger.setRequestId('req-12345');
logger.info('Processing request', { userId: 123 });
// Output: 2024-01-15T10:30:00.000Z [my-app] [req-12345] INFO Processing request { userId: 123 }

// Child loggers
const childLogger = logger.child('db');
childLogger.info('Query executed');
// Output: 2024-01-15T10:30:00.000Z [my-app:db] INFO Query executed

// Check level
if (logger.isLevelEnabled('debug')) {
  logger.debug('Expensive debug operation');
}

// Global logger
setGlobalLogger(logger);
const globalLogger = getLogger();
// ---- end of manual example ----

export {};
