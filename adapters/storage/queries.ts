/**
 * Every statement the durable storage runs, named. Parameters only, never
 * concatenated fragments. Records and lists travel as one JSON text parameter (job
 * ids to delete: one int8 array literal) and are unpacked server-side, so a batch of
 * any size is one statement and one round trip (see {@link APPLY_BATCH}). Bodies
 * travel as JSON *strings* (`b text`): PostgreSQL then only unescapes them instead of
 * validating nested JSON (~15% cheaper per batch), and no escape inside a body (lone
 * surrogate, NUL) can make the json parser refuse a batch.
 */

/**
 * Apply one coalesced batch atomically, in a single statement (an implicit
 * transaction: one round trip and one commit for the whole group).
 * $1 job upserts `[{i,q,s,k?,u?,b}]` (b = the stored body as JSON text), $2 job
 * ids to delete (an array literal, `{1,2,3}`), $3 queue settings upserts, $4 queue
 * names to delete, $5 cron upserts `[{n,b}]`, $6 cron names to delete, $7 new job
 * rows (plain insert).
 * Coalescing guarantees every id/name appears at most once across all parts, so
 * the CTEs never touch a row twice.
 */
export const APPLY_BATCH = `with
  jdel as (delete from flashq_jobs where id = any($2::text::bigint[])),
  qput as (insert into flashq_queues (queue, paused, rate_limit, concurrency_limit)
           select queue, paused, rate_limit, concurrency_limit
             from json_to_recordset($3::text::json) as x(queue text, paused boolean, rate_limit double precision, concurrency_limit double precision)
           on conflict (queue) do update set paused = excluded.paused, rate_limit = excluded.rate_limit,
             concurrency_limit = excluded.concurrency_limit),
  qdel as (delete from flashq_queues where queue in (select value from json_array_elements_text($4::text::json))),
  cput as (insert into flashq_crons (name, body) select n, b from json_to_recordset($5::text::json) as x(n text, b text)
           on conflict (name) do update set body = excluded.body),
  cdel as (delete from flashq_crons where name in (select value from json_array_elements_text($6::text::json))),
  jins as (insert into flashq_jobs (id, queue, state, custom_id, unique_key, body)
           select i, q, s, k, u, b from json_to_recordset($7::text::json) as x(i bigint, q text, s text, k text, u text, b text))
insert into flashq_jobs (id, queue, state, custom_id, unique_key, body)
select i, q, s, k, u, b from json_to_recordset($1::text::json) as x(i bigint, q text, s text, k text, u text, b text)
on conflict (id) do update set queue = excluded.queue, state = excluded.state, custom_id = excluded.custom_id,
  unique_key = excluded.unique_key, body = excluded.body`;

/** Only new jobs ($1 rows): the common case of a push-heavy batch; a plain insert is ~15% cheaper than an upsert. */
export const INSERT_JOBS = `insert into flashq_jobs (id, queue, state, custom_id, unique_key, body)
select i, q, s, k, u, b from json_to_recordset($1::text::json) as x(i bigint, q text, s text, k text, u text, b text)`;

/** Only job upserts ($1 rows). */
export const UPSERT_JOBS = `insert into flashq_jobs (id, queue, state, custom_id, unique_key, body)
select i, q, s, k, u, b from json_to_recordset($1::text::json) as x(i bigint, q text, s text, k text, u text, b text)
on conflict (id) do update set queue = excluded.queue, state = excluded.state, custom_id = excluded.custom_id,
  unique_key = excluded.unique_key, body = excluded.body`;

/**
 * Only job deletes ($1 ids as an array literal, `{1,2,3}`): the common case of an
 * ack-heavy batch. An int8 array parses cheaper than a JSON list (1,000 ids: 1.35–1.43
 * ms against 1.66–2.91 ms per delete here).
 */
export const DELETE_JOBS = `delete from flashq_jobs where id = any($1::text::bigint[])`;

/**
 * Take jobs that edge producers inserted: move them from flashq_external into
 * flashq_jobs in their real state and return them. The DELETE's row locks make
 * every job go to exactly one taker when several servers race.
 */
export const TAKE_EXTERNAL = `with taken as (delete from flashq_external returning id, queue, state, custom_id, unique_key, body)
insert into flashq_jobs (id, queue, state, custom_id, unique_key, body)
select id, queue, state, custom_id, unique_key, body from taken
on conflict (id) do nothing
returning id, body`;

/** One page of jobs in id order, after $1, at most $2 rows (keyset pagination). */
export const LOAD_JOBS_PAGE = `select id, body from flashq_jobs where id > $1 order by id limit $2`;

/** Every queue settings row. */
export const LOAD_QUEUES = `select queue, paused, rate_limit, concurrency_limit from flashq_queues order by queue`;

/** Every cron row. */
export const LOAD_CRONS = `select body from flashq_crons order by name`;

/** Highest id issued: the larger of the stored max and the end of the last reserved block. */
export const MAX_ID = `select greatest(
  (select coalesce(max(id), 0) from flashq_jobs),
  (select case when is_called then last_value + $1 - 1 else 0 end from flashq_job_id_seq)) as max_id`;

/** Reserve $1 blocks of ids: one sequence value (the block's first id) per row. */
export const RESERVE_ID_BLOCKS = `select nextval('flashq_job_id_seq') as first from generate_series(1, $1)`;

/** Channel edge producers NOTIFY after inserting jobs. */
export const EXTERNAL_CHANNEL = "flashq_jobs";

/**
 * Insert edge-produced jobs ($1 JSON rows `[{i,q,s,k?,u?,b}]`, see `planExternal`) and
 * NOTIFY servers ($2 = queue, as payload). Same statement as the postgres.js edge
 * path in `adapters/postgres/external-jobs.ts`, for ports (PGlite, tests).
 */
export const INSERT_EXTERNAL = `with ins as (
  insert into flashq_external (id, queue, state, custom_id, unique_key, body)
  select i, q, s, k, u, b from json_to_recordset($1::text::json) as x(i bigint, q text, s text, k text, u text, b text)
  returning id)
select pg_notify('flashq_jobs', $2) as notified, (select count(*) from ins) as n`;

/**
 * An edge batch without keys in ONE statement (one round trip): reserve a block,
 * insert the rows ($1 `[{q,s,b}]`) numbered block start + position, NOTIFY ($2).
 * Returns the block's first id.
 */
export const INSERT_EXTERNAL_NUMBERED = `with blk as (select nextval('flashq_job_id_seq') as first),
ins as (
  insert into flashq_external (id, queue, state, body)
  select blk.first + x.o - 1, x.q, x.s, x.b
    from blk, rows from (json_to_recordset($1::text::json) as (q text, s text, b text)) with ordinality as x(q, s, b, o)
  returning id),
note as (select pg_notify('flashq_jobs', $2))
select (select first from blk) as first, (select count(*) from ins) as n, (select count(*) from note) as notified`;

/** Reserve one block of ids (its first id) for an external batch. */
export const RESERVE_ONE_BLOCK = `select nextval('flashq_job_id_seq') as first`;

/**
 * Live jobs holding the custom ids ($1 JSON array) or, in queue $3, the unique
 * keys ($2 JSON array): what an edge push answers instead of inserting a
 * duplicate. A custom id is held while the job exists (also completed); a unique
 * key only until the job completes or fails (as in the engine).
 */
export const FIND_EXTERNAL_DUPLICATES = `select 'c' as kind, custom_id as key, id from flashq_jobs
  where custom_id in (select value from json_array_elements_text($1::text::json))
union all select 'c', custom_id, id from flashq_external
  where custom_id in (select value from json_array_elements_text($1::text::json))
union all select 'u', unique_key, id from flashq_jobs
  where queue = $3 and unique_key in (select value from json_array_elements_text($2::text::json))
    and state not in ('completed', 'failed')
union all select 'u', unique_key, id from flashq_external
  where queue = $3 and unique_key in (select value from json_array_elements_text($2::text::json))`;

/** Serialises edge inserts that carry custom ids or unique keys (transaction-level advisory lock). */
export const LOCK_EXTERNAL_KEYS = `select pg_advisory_xact_lock(7364851624)`;

/**
 * The debounce windows of queue $1 for the ids in $2 (JSON array): `{d, t}`; on the
 * way, at most $4 expired windows (until ≤ $3, epoch ms) of any queue are deleted
 * (the select still sees them; `DebounceWindows` ignores them).
 */
export const FIND_DEBOUNCE = `with pruned as (delete from flashq_debounce where ctid = any(array(
  select ctid from flashq_debounce where until_ms <= $3::float8 limit $4)))
select debounce_id as d, until_ms::text as t from flashq_debounce
  where queue = $1 and debounce_id in (select value from json_array_elements_text($2::text::json))`;

/** Write debounce windows of queue $1 ($2 JSON `[{d, t}]`, see `DebounceWindows.writes`). */
export const UPSERT_DEBOUNCE = `insert into flashq_debounce (queue, debounce_id, until_ms)
  select $1, d, t from json_to_recordset($2::text::json) as x(d text, t bigint)
  on conflict (queue, debounce_id) do update set until_ms = excluded.until_ms`;
