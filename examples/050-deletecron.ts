/**
 * Manual example #50: "`deleteCron(name: string): Promise<boolean>`" (SDK reference, line 698).
 * The part between the markers is the manual's code, with only host/port adjusted;
 * the rest sets up what the fragment assumes and checks the outcome.
 */
import { connected } from "./_env.ts";

// ---- setup ----
const client = await connected();
await client.addCron('daily-report', { queue: 'reports', data: {}, schedule: '0 0 9 * * *' });

// ---- manual example ----
const deleted = await client.deleteCron('daily-report');
// ---- end of manual example ----

// ---- check and clean up ----
if (!deleted) throw new Error('expected deleted');
await client.close();

export {};
