import pg from 'pg'
import { BENCH_REPORT_MARK } from './incidents.bench.ts'

/**
 * Fills the city's cases in SQL, set-based, once: the seeded street's cases are copied onto every street of the
 * city (each street is the reference street moved, so a case moves by its street's offset into the matching grid,
 * found by the code after the division code) and onto earlier periods, five weeks apart so working days stay
 * working days. Copies into an earlier period are finished cases (closed, or rejected as they were): a city's
 * years of history are closed, its open cases are the current quarter's on each street.
 *
 * Ten million rows through 16 indexes and 8 foreign keys row by row would take hours on this machine, so the fill
 * drops the indexes (their definitions kept in a table, so a stopped fill restores them on the next run), writes
 * with triggers and foreign-key checks off (`session_replication_role = replica`: every copied reference is a copy
 * of a checked one), then builds the indexes once. Street by street, each recorded, so a stopped fill goes on
 * where it stopped. Copies get no escalation schedule (`next_ladder_at` null): the ladder timer is not this bench's.
 */
export async function fillCityCases(databaseUrl: string, target: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const count = async () => (await client.query<{ n: number }>('select count(*)::int n from incidents')).rows[0]!.n
    const unfinished =
      (await client.query<{ t: string | null }>(`select to_regclass('city_fill_indexes')::text t`)).rows[0]!.t !== null
    const before = await count()
    if (before >= target && !unfinished) return false
    const started = Date.now()
    await client.query(`set session_replication_role = replica`)
    await client.query(`set maintenance_work_mem = '1GB'`)
    await setUp(client)
    if (!unfinished) await dropIndexes(client)
    await copyOntoStreets(client, target - before, await firstPeriod(client, unfinished))
    await rebuildIndexes(client)
    await client.query('analyze incidents')
    console.log(
      `city: filled incidents from ${before.toLocaleString('en')} to ${(await count()).toLocaleString('en')} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    )
    return true
  } finally {
    await client.end()
  }
}

/** The streets with their offsets from the reference street, each grid's match on every street, the cases to copy. */
async function setUp(client: pg.Client): Promise<void> {
  await client.query(`
    create temp table city_street as
    select substr(g.code, 1, 9) prefix, (row_number() over (order by g.code))::int n,
      ST_XMin(g.geom) - ST_XMin(r.geom) dx, ST_YMin(g.geom) - ST_YMin(r.geom) dy
    from grids g join grids r on r.code = '370705002001'
    where g.level = 1 and substr(g.code, 10) = '001'`)
  await client.query(`
    create temp table city_grid as
    select s.prefix, r.id ref_id, g.id
    from grids r cross join city_street s join grids g on g.code = s.prefix || substr(r.code, 10)
    where r.code like '370705002%'`)
  await client.query(`create index on city_grid (prefix, ref_id)`)
  await client.query(
    `create temp table city_source as
     select * from incidents where case_number like 'DY-%' and description not like $1`,
    [`${BENCH_REPORT_MARK}%`],
  )
  await client.query(`create table if not exists city_fill_done (street int primary key)`)
  await client.query('analyze city_street; analyze city_grid; analyze city_source')
}

/**
 * The first period this fill copies into: 0 on a fresh city; after an earlier fill (a rehearsal at two million, then
 * ten), the period after its last, so case numbers ('CITY-period-street-case') never repeat and time runs on back.
 */
async function firstPeriod(client: pg.Client, resumed: boolean): Promise<number> {
  if (!resumed) {
    await client.query(`
      create table city_fill_run as
      select coalesce(max(split_part(case_number, '-', 2)::int) + 1, 0) first_period
      from incidents where case_number like 'CITY-%'`)
  }
  return (await client.query<{ p: number }>('select first_period p from city_fill_run')).rows[0]!.p
}

async function dropIndexes(client: pg.Client): Promise<void> {
  await client.query('begin')
  await client.query(`
    create table city_fill_indexes as
    select indexname, indexdef from pg_indexes
    where schemaname = 'public' and tablename = 'incidents' and indexname <> 'incidents_pkey'`)
  const { rows } = await client.query<{ indexname: string }>('select indexname from city_fill_indexes')
  for (const { indexname } of rows) await client.query(`drop index ${indexname}`)
  await client.query('commit')
}

async function copyOntoStreets(client: pg.Client, missing: number, first: number): Promise<void> {
  const { rows: streets } = await client.query<{ n: number; prefix: string }>(
    `select s.n, s.prefix from city_street s where not exists (select 1 from city_fill_done d where d.street = s.n) order by s.n`,
  )
  const sources = (await client.query<{ n: number }>('select count(*)::int n from city_source')).rows[0]!.n
  // Periods per street, so that the streets still to fill hold what is missing; the reference street's period 0 is
  // the seed's cases themselves, one period short.
  const periods = Math.max(1, Math.ceil((missing + sources) / Math.max(1, streets.length) / sources))
  let left = missing
  for (const [i, street] of streets.entries()) {
    if (left <= 0) break
    const t = Date.now()
    // An even share of what is left for each street still to fill, so the last streets are not left empty.
    const share = Math.ceil(left / (streets.length - i))
    const result = await client.query(
      `
      insert into incidents (case_number, client_id, category_id, description, status, location, accuracy_m, address,
        grid_l1_id, grid_l2_id, grid_l3_id, reporter_id, self_handled, assignee_user_id, assignee_department_id,
        registered_at, dispatched_at, due_at, handled_at, closed_at, closed_on_time, rework_count, extension_count,
        created_at, updated_at, source, next_ladder_at, ladder_step, supervised_at, supervised_by)
      select 'CITY-' || k || '-' || s.n || '-' || i.id, gen_random_uuid(), i.category_id, i.description,
        case when k = 0 or i.status in ('closed', 'rejected') then i.status else 'closed' end,
        ST_Translate(i.location, s.dx, s.dy), i.accuracy_m, i.address, g1.id, g2.id, g3.id, i.reporter_id,
        i.self_handled, i.assignee_user_id, i.assignee_department_id, i.registered_at - shift, i.dispatched_at - shift,
        i.due_at - shift, i.handled_at - shift,
        case when k = 0 then i.closed_at else coalesce(i.closed_at, i.handled_at, i.created_at + interval '1 day') - shift end,
        case when k = 0 then i.closed_on_time else coalesce(i.closed_on_time, true) end,
        i.rework_count, i.extension_count, i.created_at - shift, i.updated_at - shift, i.source, null, i.ladder_step,
        i.supervised_at - shift, i.supervised_by
      from city_street s
      cross join generate_series($4::int, $4::int + $2::int - 1) k
      cross join lateral (select k * interval '5 weeks' as shift) w
      cross join city_source i
      join city_grid g1 on g1.prefix = s.prefix and g1.ref_id = i.grid_l1_id
      join city_grid g2 on g2.prefix = s.prefix and g2.ref_id = i.grid_l2_id
      join city_grid g3 on g3.prefix = s.prefix and g3.ref_id = i.grid_l3_id
      where s.n = $1 and not (s.prefix = '370705002' and k = 0)
      limit $3`,
      [street.n, periods, share, first],
    )
    left -= result.rowCount ?? 0
    await client.query('insert into city_fill_done (street) values ($1)', [street.n])
    console.log(
      `city: street ${street.n}/${streets.at(-1)!.n} (${street.prefix}): ${(result.rowCount ?? 0).toLocaleString('en')} cases in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    )
  }
}

async function rebuildIndexes(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from city_fill_indexes where not exists
       (select 1 from pg_indexes p where p.schemaname = 'public' and p.indexname = city_fill_indexes.indexname)`,
  )
  for (const { indexname, indexdef } of rows) {
    const t = Date.now()
    await client.query(indexdef)
    console.log(`city: index ${indexname} built in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  }
  await client.query('drop table city_fill_indexes')
  await client.query('drop table city_fill_done')
  await client.query('drop table city_fill_run')
}
