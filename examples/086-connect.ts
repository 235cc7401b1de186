/**
 * Manual example #86: "`connect(): Promise<void>`" (SDK reference, line 1286).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { EventSubscriber } from "../client/index.ts";
import { HOST, HTTP_PORT } from "./_env.ts";

// ---- setup ----
const subscriber = new EventSubscriber({ host: HOST, httpPort: HTTP_PORT });

// ---- manual example ----
await subscriber.connect();
// ---- end of manual example ----

// ---- check and clean up ----
subscriber.close();

export {};
