/**
 * Vercel entry (Node.js runtime; Fluid compute reuses instances, so the pool and
 * its group commit are shared by the requests an instance serves — keep
 * `PG_POOL_SIZE` small, e.g. 2, since many instances may run). Re-export it from
 * `api/[[...route]].ts` (plain Vercel Functions) or `app/queues/[...route]/route.ts`
 * (Next.js): `export { GET, POST, OPTIONS } from "../edge/vercel.ts";`.
 * Vercel's Edge runtime has no TCP sockets, so there use `SINK=http` only.
 */
import { longLivedProducer } from "./long-lived.ts";

const { app } = longLivedProducer("vercel", process.env);

/** Web-standard handler for every method the producer serves. */
const handler = (req: Request): Response | Promise<Response> => app.fetch(req);

export { handler as GET, handler as POST, handler as OPTIONS };
/** Hono app as the default export (Vercel's zero-config Hono detection). */
export default app;
