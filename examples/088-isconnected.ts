/**
 * Manual example #88: "`isConnected(): boolean`" (SDK reference, line 1302).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { EventSubscriber } from "../client/index.ts";
import { HOST, HTTP_PORT } from "./_env.ts";

// ---- setup ----
const subscriber = new EventSubscriber({ host: HOST, httpPort: HTTP_PORT, queue: 'emails' });
await subscriber.connect();

// ---- manual example ----
if (subscriber.isConnected()) {
  console.log('Connected');
}
// ---- end of manual example ----

// ---- check and clean up ----
subscriber.close();

export {};
