/**
 * The stateless edge producer: a Hono app serving the push side of the flashQ
 * REST API — `POST /queues/{q}/jobs` and `POST /queues/{q}/jobs/batch` — with the
 * server's validation and limits, bearer-token auth and CORS, handing every
 * validated push to a {@link Sink}. The same app runs on Cloudflare Workers,
 * Deno (Deploy), Bun and Node; only the entry files differ.
 *
 * Replies: `{ok:true, data: <job>}` for a single push (at least `{id}`),
 * `{ok:true, data: [ids]}` for a batch, and `{ok:false, error, code, retryable, field?}`
 * with a 4xx/5xx status otherwise (400 bad body or > 1000 jobs, 401 bad token, 413 data/body over a size limit,
 * 503 sink unavailable — retry; a retry with the same `job_id` is idempotent).
 *
 * @example
 * const app = createProducer("bun", () => sink, readConfig(process.env));
 * export default { port: 8788, fetch: app.fetch };
 */
import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { validateQueueName } from "../core/validation.ts";
import { ServerError, FlashQError } from "../core/errors.ts";
import { checkBearer } from "./auth.ts";
import { errorResponse } from "./http-errors.ts";
import { parseBatchBody, parsePushBody } from "./push-schema.ts";
import { readJsonBody } from "./request-body.ts";
import type { EdgeConfig } from "./config.ts";
import type { Sink } from "./sink.ts";

/** Chooses the sink for a request (workerd: a new one per request; elsewhere: one shared sink). */
export type SinkFor = (c: Context, config: EdgeConfig) => Sink;

/** The configuration, fixed or derived from the request (workerd's `c.env`). */
export type ConfigFor = EdgeConfig | ((c: Context) => EdgeConfig);

const JSON_HEADERS = { "content-type": "application/json; charset=UTF-8" };

/**
 * Build the producer app.
 * @param runtime shown by `GET /health` ("workerd", "deno", "bun", "node").
 * @param sinkFor the sink a request's jobs go to.
 * @param configFor settings (auth tokens, CORS origins, body caps).
 */
export function createProducer(runtime: string, sinkFor: SinkFor, configFor: ConfigFor): Hono {
  const app = new Hono();
  const configOf = (c: Context): EdgeConfig => {
    if (typeof configFor !== "function") return configFor;
    try {
      return configFor(c);
    } catch (err) {
      throw new ServerError(`Producer misconfigured: ${(err as Error).message}`, "INTERNAL_ERROR");
    }
  };

  app.use(
    "*",
    cors({
      origin: (origin, c) => {
        const allowed = configOf(c).corsOrigins;
        if (allowed.includes("*")) return "*";
        return allowed.includes(origin) ? origin : null;
      },
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["Content-Type", "Authorization"],
      maxAge: 86400,
    }),
  );

  app.get("/health", (c) => c.json({ ok: true, data: { status: "healthy", runtime, sink: configOf(c).sink } }));

  app.post("/queues/:queue/jobs", async (c) => {
    const config = configOf(c);
    const authorization = c.req.header("authorization");
    checkBearer(authorization, config.authTokens);
    const queue = c.req.param("queue");
    validateQueueName(queue);
    const body = await readJsonBody(c.req.raw, config.maxPushBodyBytes);
    const input = parsePushBody(body.value, body.bytes);
    const job = await sinkFor(c, config).push({ queue, input, raw: body.raw, authorization });
    return new Response(JSON.stringify({ ok: true, data: job }), { headers: JSON_HEADERS });
  });

  app.post("/queues/:queue/jobs/batch", async (c) => {
    const config = configOf(c);
    const authorization = c.req.header("authorization");
    checkBearer(authorization, config.authTokens);
    const queue = c.req.param("queue");
    validateQueueName(queue);
    const body = await readJsonBody(c.req.raw, config.maxBatchBodyBytes);
    const inputs = parseBatchBody(body.value, body.bytes);
    const out = await sinkFor(c, config).pushBatch({ queue, inputs, raw: body.raw, authorization });
    // The server's batch reply: ids in `data` (what flashQ's SDK reads) and `ids`, plus `errors` if any.
    const reply = out.errors ? { ok: true, data: out.ids, ids: out.ids, errors: out.errors } : { ok: true, data: out.ids, ids: out.ids };
    return new Response(JSON.stringify(reply), { headers: JSON_HEADERS });
  });

  app.notFound((c) =>
    errorResponse(new FlashQError(`Not found: ${c.req.method} ${new URL(c.req.url).pathname}`, "NOT_FOUND", false), undefined, 404),
  );

  // One place maps every error to a response; CORS headers set so far are kept.
  app.onError((err, c) => errorResponse(err, new Headers(c.res.headers)));
  return app;
}
