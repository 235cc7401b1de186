/**
 * Manual example #95: "RetryPresets" (SDK reference, line 1501).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { RetryPresets } from "../client/index.ts";

// ---- manual example ----
// Quick retries for interactive operations
RetryPresets.fast       // 2 retries, 50ms initial, 500ms max

// Standard retries for most operations
RetryPresets.standard   // 3 retries, 100ms initial, 5s max

// Aggressive retries for critical operations
RetryPresets.aggressive // 5 retries, 200ms initial, 30s max

// No retries
RetryPresets.none       // 0 retries
// ---- end of manual example ----

export {};
