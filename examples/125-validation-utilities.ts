/**
 * Manual example #125: "Validation Utilities" (SDK reference, line 2035).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { ValidationError } from "../client/index.ts";
import { validateQueueName, validateJobDataSize } from "../client/index.ts";

// ---- setup ----
const data = { small: true };

// ---- manual example ----
// Validate queue name (alphanumeric, underscore, hyphen, dot)
validateQueueName('my-queue');  // OK
validateQueueName('invalid/name');  // throws ValidationError

// Validate job data size
validateJobDataSize(data);  // throws ValidationError if > 10MB
// ---- end of manual example ----

export {};
