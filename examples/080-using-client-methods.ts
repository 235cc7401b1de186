/**
 * Manual example #80: "Using Client Methods" (SDK reference, line 1145).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { HOST, PORT, HTTP_PORT } from "./_env.ts";
import { FlashQ } from "../client/index.ts";

// ---- manual example ----
const client = new FlashQ({ host: HOST, port: PORT, httpPort: HTTP_PORT });
await client.connect();

// Subscribe via SSE (Server-Sent Events)
const sseSubscriber = client.subscribe('emails');

// Subscribe via WebSocket
const wsSubscriber = client.subscribeWs('emails');

// Or subscribe to all queues
const allEventsSubscriber = client.subscribe();
// ---- end of manual example ----

// ---- check and clean up ----
sseSubscriber.close();
wsSubscriber.close();
allEventsSubscriber.close();
await client.close();

export {};
