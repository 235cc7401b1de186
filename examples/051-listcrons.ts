/**
 * Manual example #51: "`listCrons(): Promise<CronJob[]>`" (SDK reference, line 706).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
await client.addCron('nightly', { queue: 'reports', data: {}, schedule: '0 0 3 * * *' });

// ---- manual example ----
const crons = await client.listCrons();
for (const cron of crons) {
  console.log(`${cron.name}: next run at ${new Date(cron.next_run)}`);
}
// ---- end of manual example ----

// ---- check and clean up ----
await client.deleteCron('nightly');
await client.close();

export {};
