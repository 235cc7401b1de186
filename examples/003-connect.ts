/**
 * Manual example #3: "`connect(): Promise<void>`" (SDK reference, line 199).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { FlashQ } from "../client/index.ts";
import { HOST, PORT, HTTP_PORT } from "./_env.ts";

// ---- manual example ----
const client = new FlashQ({ host: HOST, port: PORT, httpPort: HTTP_PORT });
await client.connect();
// ---- end of manual example ----

// ---- check and clean up ----
await client.close();

export {};
