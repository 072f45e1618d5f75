import { sql, type Kysely } from 'kysely'
import { shanghaiDateOf } from '@wangge/sla'
import type { Database } from '../db/database-schema.ts'
import { seedDescription } from './incident-descriptions.ts'

/** The history reaches back a year; the last 90 days are seedIncidents' (moving cases, full step-by-step rules). */
const HISTORY_DAYS = 365
const RECENT_DAYS = 90
/**
 * Cases a working day (about 3,500 over the nine months before the recent 90 days; a third of that on rest days).
 * Half the recent days' rate: each case costs its insert the search index's bigrams (a PL/pgSQL function per row,
 * migration 0016): 3,493 cases took 17.5 s on PostgreSQL with the machine's load at 24 on 2 cores (5 ms a case),
 * and the embedded first start pays the same per case.
 */
const CASES_PER_WORKING_DAY = 16

const DAY_MS = 86_400_000

/**
 * A year of finished cases before the recent 90 days, so the dashboard's trends and quarter comparisons show
 * something on first start (issue 16). Written in bulk SQL — one statement for the cases, one for their history —
 * so the embedded first start stays fast. Deterministic: every choice is a hash of the day and the case's number,
 * the same street every run; only the dates move with "now".
 *
 * Each case belongs where seedIncidents' do: the worker of its unit grid reports it (the community's supervisor
 * where a grid has none), its community's supervisor (or the duty supervisor) registers, dispatches and verifies
 * it, and it goes to the category's department (its handler) or, three times in ten, to the grid's worker. About
 * one in thirty is rejected, one in eight runs late, one in fourteen is reworked once, one in twenty extended.
 * A little more in summer, less around the Spring Festival, fewer on rest days.
 */
export async function seedHistory(db: Kysely<Database>, now = new Date()): Promise<number> {
  const first = shanghaiDateOf(new Date(now.getTime() - HISTORY_DAYS * DAY_MS))
  const last = shanghaiDateOf(new Date(now.getTime() - (RECENT_DAYS + 1) * DAY_MS))
  const phrases = await categoryPhrases(db)
  const [{ cells, leaves }] = (
    await sql<{ cells: number; leaves: number }>`
      select (select count(*) from grids where level = 3)::int as cells,
        (select count(*) from categories where parent_id is not null)::int as leaves`.execute(db)
  ).rows as [{ cells: number; leaves: number }]
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ n: number }>`
      with
      -- r(seed, k): a deterministic number in [0, 1) per case and purpose.
      cells as (
        select row_number() over (order by g3.code) - 1 as k, g3.id as l3, g2.id as l2, g2.parent_id as l1, g3.name,
          (select ug.user_id from user_grids ug join users u on u.id = ug.user_id
           where ug.grid_id = g3.id and u.role = 'worker' and u.active order by ug.user_id limit 1) as worker
        from grids g3 join grids g2 on g2.id = g3.parent_id where g3.level = 3
      ),
      supervisors as (
        select u.id, array_agg(ug.grid_id) as communities from users u
        join user_grids ug on ug.user_id = u.id join grids g on g.id = ug.grid_id and g.level = 1
        where u.role = 'supervisor' and u.active group by u.id
      ),
      duty as (select id from supervisors order by cardinality(communities) desc, id limit 1),
      handlers as (
        select distinct on (department_id) department_id, id from users
        where role = 'handler' and active and department_id is not null order by department_id, id
      ),
      leaves as (
        select row_number() over (order by c.code) - 1 as k, c.id, c.code, c.default_department_id,
          coalesce(c.handling_limit_unit, 'days') as unit, coalesce(c.handling_limit_amount, 2)::float8 as amount
        from categories c where c.parent_id is not null
      ),
      days as (
        select d::date as day,
          coalesce(cd.working, extract(isodow from d) < 6) as working,
          -- seasons: +20 % in July and August, -40 % in the Spring Festival weeks of February
          case when extract(month from d) in (7, 8) then 1.2 when extract(month from d) = 2 then 0.6 else 1 end as season
        from generate_series(${first}::date, ${last}::date, interval '1 day') d
        left join calendar_days cd on cd.day = d::date
      ),
      numbered as (
        select day, n from days,
          generate_series(1, greatest(1, round(${CASES_PER_WORKING_DAY} * season * case when working then 1 else 0.33 end
            * (0.8 + 0.4 * ('x' || substr(md5('volume' || day), 1, 8))::bit(32)::bigint / 4294967296.0))::int)) n
      ),
      rolled as (
        select day, n,
          ${sql.raw(ROLLS)}
        from numbered
      ),
      rolls as (
        select r.*, floor(r.r_cell * ${cells})::bigint as cell_k, floor(r.r_category * ${leaves})::bigint as leaf_k
        from rolled r
      ),
      community_supervisor as (
        select g.id as l1, coalesce((select s.id from supervisors s where s.communities = array[g.id] order by s.id limit 1),
          (select id from duty)) as id
        from grids g where g.level = 1
      ),
      -- eight spots per unit grid, sampled once: one polygon sampling per grid, not per case
      spots as (
        select c.k, p.path[1] - 1 as j, p.geom
        from cells c join grids g on g.id = c.l3
        cross join lateral ST_Dump(ST_GeneratePoints(g.geom, 8, c.k::int + 1)) p
      ),
      picked as (
        select r.*, c.l1, c.l2, c.l3, c.name as cell_name, c.worker, l.id as category_id, l.code,
          l.default_department_id, l.unit, l.amount, cs.id as supervisor, h.id as handler,
          -- 08:30 plus up to nine hours, on the case's day (Beijing time)
          (r.day::timestamp + interval '8 hours 30 minutes' + r.r_time * interval '9 hours') at time zone 'Asia/Shanghai' as created_at
        from rolls r
        join cells c on c.k = r.cell_k
        join leaves l on l.k = r.leaf_k
        join community_supervisor cs on cs.l1 = c.l1
        left join handlers h on h.department_id = l.default_department_id
      ),
      shaped as (
        select p.*,
          coalesce(p.worker, p.supervisor) as reporter,
          case when p.worker is null then 'supervisor' else 'worker' end as source,
          p.r_reject < 0.033 as rejected,
          (p.handler is not null and (p.worker is null or p.r_assign < 0.7)) as to_department,
          p.created_at + (10 + p.r_step * 50) * interval '1 minute' as registered_at,
          p.created_at + (30 + p.r_step * 90) * interval '1 minute' as dispatched_at,
          case when p.unit = 'hours' then p.amount * interval '1 hour' else p.amount * interval '1 day' end as limit_span,
          p.r_late < 0.125 as late,
          p.r_rework < 0.07 as reworked,
          p.r_extend < 0.05 as extended
        from picked p
      ),
      timed as (
        select s.*,
          s.dispatched_at + s.limit_span * (case when s.extended then 2 else 1 end) as due_at,
          s.dispatched_at + s.limit_span * (case when s.late then 1.1 + s.r_handle else 0.2 + 0.7 * s.r_handle end) as handled_at
        from shaped s
      ),
      inserted as (
        insert into incidents (case_number, client_id, category_id, description, address, status, location,
          grid_l1_id, grid_l2_id, grid_l3_id, reporter_id, assignee_user_id, assignee_department_id,
          registered_at, dispatched_at, due_at, handled_at, closed_at, closed_on_time, rework_count, extension_count,
          created_at, updated_at, source)
        select
          'DY-' || to_char(t.day, 'YYYYMMDD') || '-' || lpad((row_number() over (partition by t.day order by t.created_at, t.n))::text, 4, '0'),
          md5('wangge-history:' || t.day || ':' || t.n)::uuid,
          t.category_id,
          coalesce(${JSON.stringify(phrases)}::jsonb -> t.code -> floor(t.r_words * 12)::int ->> 0, '发现问题，请处理'),
          t.cell_name || ' ' || coalesce(${JSON.stringify(phrases)}::jsonb -> t.code -> floor(t.r_words * 12)::int ->> 1, ''),
          case when t.rejected then 'rejected' else 'closed' end,
          sp.geom,
          t.l1, t.l2, t.l3, t.reporter,
          case when not t.rejected and not t.to_department then t.worker end,
          case when not t.rejected and t.to_department then t.default_department_id end,
          case when not t.rejected then t.registered_at end,
          case when not t.rejected then t.dispatched_at end,
          null,
          case when not t.rejected then t.handled_at end,
          case when not t.rejected then t.handled_at + (20 + t.r_step * 100) * interval '1 minute' end,
          case when not t.rejected then t.handled_at <= t.due_at end,
          case when not t.rejected and t.reworked then 1 else 0 end,
          case when not t.rejected and t.extended then 1 else 0 end,
          t.created_at, t.created_at, t.source
        from timed t
        join spots sp on sp.k = t.cell_k and sp.j = floor(t.r_spot * 8)::int
        where t.to_department or t.worker is not null or t.rejected
        returning id, status, created_at, registered_at, dispatched_at, due_at, handled_at, closed_at,
          reporter_id, assignee_user_id, assignee_department_id, rework_count, extension_count, grid_l1_id
      ),
      people as (
        select i.*, cs.id as supervisor, coalesce(i.assignee_user_id, h.id) as actor
        from inserted i
        join community_supervisor cs on cs.l1 = i.grid_l1_id
        left join handlers h on h.department_id = i.assignee_department_id
      ),
      steps as (
        select id, created_at as at, reporter_id as actor, 'report' as action, null as from_status, 'reported' as to_status, '巡查发现' as note, 1 as ord from people
        union all select id, created_at + interval '30 minutes', supervisor, 'reject', 'reported', 'rejected', '不属于受理范围', 2 from people where status = 'rejected'
        union all select id, registered_at, supervisor, 'register', 'reported', 'registered', null, 2 from people where status = 'closed'
        union all select id, dispatched_at, supervisor, 'dispatch', 'registered', 'dispatched', null, 3 from people where status = 'closed'
        union all select id, dispatched_at + interval '20 minutes', actor, 'accept', 'dispatched', 'in_progress', null, 4 from people where status = 'closed'
        union all select id, dispatched_at + (handled_at - dispatched_at) * 0.3, supervisor, 'extend', 'in_progress', 'in_progress', '需协调相关单位', 5 from people where status = 'closed' and extension_count > 0
        union all select id, dispatched_at + (handled_at - dispatched_at) * 0.5, actor, 'feedback', 'in_progress', 'handled', '已处置', 6 from people where status = 'closed' and rework_count > 0
        union all select id, dispatched_at + (handled_at - dispatched_at) * 0.6, supervisor, 'verify', 'handled', 'dispatched', '核查未通过，需返工', 7 from people where status = 'closed' and rework_count > 0
        union all select id, dispatched_at + (handled_at - dispatched_at) * 0.65, actor, 'accept', 'dispatched', 'in_progress', null, 8 from people where status = 'closed' and rework_count > 0
        union all select id, handled_at, actor, 'feedback', 'in_progress', 'handled', case when rework_count > 0 then '返工完成' else '已处置' end, 9 from people where status = 'closed'
        union all select id, closed_at, supervisor, 'verify', 'handled', 'closed', '核查通过', 10 from people where status = 'closed'
      ),
      history as (
        insert into incident_history (incident_id, at, actor_id, action, from_status, to_status, note)
        select id, at, actor, action, from_status, to_status, note from steps order by id, ord
        returning incident_id
      )
      select (select count(*) from inserted)::int as n, (select count(*) from history)::int as steps`.execute(tx)
    return rows[0]!.n
  })
}

/** r_<purpose>: a number in [0, 1) from the case's day and number, one independent draw per purpose. */
const ROLLS = [
  'cell',
  'category',
  'time',
  'reject',
  'assign',
  'step',
  'late',
  'handle',
  'rework',
  'extend',
  'words',
  'spot',
]
  .map((p) => `('x' || substr(md5('${p}:' || day || ':' || n), 1, 8))::bit(32)::bigint / 4294967296.0 as r_${p}`)
  .join(',\n          ')

/**
 * Twelve ways each sub-category's problem is put, from the seed's own phrasebook (incident-descriptions.ts), each as
 * [description, spot]: a case's address is its grid's name and the spot, as seedIncidents writes it.
 */
async function categoryPhrases(db: Kysely<Database>): Promise<Record<string, [string, string][]>> {
  const categories = await db.selectFrom('categories').select('code').where('parent_id', 'is not', null).execute()
  let a = 2025
  const random = () => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648
    return a / 2_147_483_648
  }
  return Object.fromEntries(
    categories.map((c) => [
      c.code,
      Array.from({ length: 12 }, (): [string, string] => {
        const { description, address } = seedDescription(c.code, '', random)
        return [description, address.trim()]
      }),
    ]),
  )
}
