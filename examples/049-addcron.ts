/**
 * Manual example #49: "`addCron(name: string, options: CronOptions): Promise<void>`" (SDK reference, line 665).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();

// ---- manual example ----
// Using cron expression (sec min hour day month weekday)
await client.addCron('daily-report', {
  queue: 'reports',
  data: { type: 'daily' },
  schedule: '0 0 9 * * *', // Every day at 9:00 AM
  priority: 10,
});

// Using repeat interval
await client.addCron('health-check', {
  queue: 'monitoring',
  data: { check: 'health' },
  repeat_every: 60000, // Every minute
  limit: 1000, // Max 1000 executions
});
// ---- end of manual example ----

// ---- check and clean up ----
if ((await client.listCrons()).length !== 2) throw new Error('expected 2 crons');
await client.deleteCron('daily-report');
await client.deleteCron('health-check');
await client.close();

export {};
