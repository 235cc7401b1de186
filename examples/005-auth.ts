/**
 * Manual example #5: "`auth(token: string): Promise<void>`" (SDK reference, line 216).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { FlashQ } from "../client/index.ts";
import { HOST, PORT, HTTP_PORT } from "./_env.ts";

// ---- manual example ----
// Token can be provided in constructor or later
const client = new FlashQ({ host: HOST, port: PORT, httpPort: HTTP_PORT });
await client.connect();
await client.auth('my-secret-token');
// ---- end of manual example ----

// ---- check and clean up ----
await client.push('emails', { authenticated: true });
await client.close();

export {};
