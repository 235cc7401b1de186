/**
 * Manual example #81: "EventSubscriber Class" (SDK reference, line 1163).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { HOST, HTTP_PORT, connected } from "./_env.ts";
import { EventSubscriber } from "../client/index.ts";

// ---- manual example ----
const subscriber = new EventSubscriber({
  host: HOST,
  httpPort: HTTP_PORT,
  token: 'auth-token',        // Optional auth token
  queue: 'emails',            // Optional: specific queue (omit for all)
  type: 'sse',                // 'sse' or 'websocket'
  autoReconnect: true,        // Auto-reconnect on disconnect
  reconnectDelay: 1000,       // Initial reconnect delay (ms)
  maxReconnectAttempts: 10,   // Max attempts (0 = infinite)
  debug: false,               // Enable debug logging
});

await subscriber.connect();
// ---- end of manual example ----

// ---- check and clean up ----
if (!subscriber.isConnected()) throw new Error('not connected');
subscriber.close();

export {};
