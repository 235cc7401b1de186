/**
 * A Cloudflare Worker (run in real workerd by client-workerd.test.ts) that uses the SDK
 * in HTTP mode: push a job to the flashQ server given by FLASHQ_HTTP_PORT, read it back.
 */
import { FlashQ } from "../../client/index.ts";

export default {
  async fetch(req: Request, env: { FLASHQ_HTTP_PORT: string }): Promise<Response> {
    const queue = new URL(req.url).searchParams.get("queue") ?? "edge";
    const client = new FlashQ({ host: "127.0.0.1", httpPort: Number(env.FLASHQ_HTTP_PORT), useHttp: true });
    try {
      const job = await client.push(queue, { from: "workerd" }, { priority: 5 });
      const got = await client.getJob(job.id);
      const counts = await client.getJobCounts(queue);
      return Response.json({ id: job.id, state: got?.state, data: got?.job.data, waiting: counts.waiting });
    } catch (err) {
      return Response.json({ error: String(err) }, { status: 500 });
    } finally {
      await client.close();
    }
  },
};
