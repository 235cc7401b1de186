/**
 * Manual example #124: "Constants" (SDK reference, line 2026).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { MAX_BATCH_SIZE, MAX_JOB_DATA_SIZE } from "../client/index.ts";

// ---- manual example ----
MAX_BATCH_SIZE     // 1000 - Maximum jobs per batch operation
MAX_JOB_DATA_SIZE  // 10MB - Maximum job data size in bytes
// ---- end of manual example ----

export {};
