/**
 * Manual example #87: "`close(): void`" (SDK reference, line 1294).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { EventSubscriber } from "../client/index.ts";
import { HOST, HTTP_PORT, connected } from "./_env.ts";

// ---- setup ----
const subscriber = new EventSubscriber({ host: HOST, httpPort: HTTP_PORT, queue: 'emails' });
await subscriber.connect();

// ---- manual example ----
subscriber.close();
// ---- end of manual example ----

// ---- check and clean up ----
if (subscriber.isConnected()) throw new Error('still connected');

export {};
