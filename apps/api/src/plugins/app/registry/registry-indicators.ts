import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { RegistryIndicators } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { inRegistryScope, visibleTags } from './registry-scope.ts'

type User = Pick<SignedInUser, 'role' | 'grids'>

/** The street's own rule (the reference report): every community fosters these many at least. */
export const COMMUNITY_RULE = { socialOrganisations: 5, culturalTeams: 2 } as const

/**
 * A quarter's bounds: it begins at 00:00 Asia/Shanghai on the first day of its first month and ends three months
 * later. `quarter` is 'YYYY-Qn' (validated by the route's schema); without it, the quarter under way now.
 */
function quarterBounds(quarter: string | undefined) {
  const match = quarter ? /^(\d{4})-Q([1-4])$/.exec(quarter) : null
  const local = match
    ? sql`make_timestamp(${Number(match[1])}::int, ${(Number(match[2]) - 1) * 3 + 1}::int, 1, 0, 0, 0)`
    : sql`date_trunc('quarter', now() at time zone 'Asia/Shanghai')`
  return {
    start: sql`(${local} at time zone 'Asia/Shanghai')`,
    end: sql`((${local} + interval '3 months') at time zone 'Asia/Shanghai')`,
    day: sql`to_char(${local}, 'YYYY-MM-DD')`,
  }
}

/**
 * The registry's figures per community in the user's scope: people, households (houses with someone living in
 * them), tags, organisations by kind and the 5 + 2 rule; and a quarter's visit coverage per unit grid and per
 * worker (houses visited at least once in the quarter, out of the houses in their grids). The one implementation
 * behind `/api/stats/registry` and the registry page's `/api/registry/indicators`.
 */
export async function registryIndicators(
  db: Kysely<Database>,
  user: User,
  quarter?: string,
): Promise<RegistryIndicators> {
  const q = quarterBounds(quarter)
  const visitedInQuarter = (worker?: RawBuilder<unknown>) => sql`exists (select 1 from registry.visits v
    where v.house_id = h.id and v.visited_at >= ${q.start} and v.visited_at < ${q.end}
    ${worker ? sql`and v.worker_id = ${worker}` : sql``})`
  const communities = await sql<RegistryIndicators['communities'][number]>`
    with res as (
      select r.grid_l1_id l1, count(*)::int residents, count(distinct r.house_id)::int households
      from registry.residents r where ${inRegistryScope(user, 'r')} group by 1
    ), tag_counts as (
      select l1, json_object_agg(tag, n) tags from (
        select r.grid_l1_id l1, unnest(${visibleTags(user)}) tag, count(*)::int n
        from registry.residents r where ${inRegistryScope(user, 'r')} group by 1, 2) t group by l1
    ), orgs as (
      select l1, json_object_agg(kind, n) kinds,
        coalesce(sum(n) filter (where kind = 'social_organisation'), 0)::int social,
        coalesce(sum(n) filter (where kind = 'cultural_team'), 0)::int cultural
      from (select o.grid_l1_id l1, o.kind, count(*)::int n from registry.organisations o
            where ${inRegistryScope(user, 'o')} group by 1, 2) k group by l1
    ), houses as (
      select h.grid_l1_id l1, count(*)::int houses,
        count(*) filter (where ${visitedInQuarter()})::int visited
      from registry.houses h where ${inRegistryScope(user, 'h')} group by 1
    )
    select json_build_object('id', g.id, 'code', g.code, 'name', g.name) community,
      coalesce(res.residents, 0) residents, coalesce(res.households, 0) households,
      coalesce(tag_counts.tags, '{}') tags, coalesce(orgs.kinds, '{}') organisations,
      coalesce(orgs.social, 0) "socialOrganisations", coalesce(orgs.cultural, 0) "culturalTeams",
      coalesce(orgs.social, 0) >= ${COMMUNITY_RULE.socialOrganisations}
        and coalesce(orgs.cultural, 0) >= ${COMMUNITY_RULE.culturalTeams} "ruleMet",
      coalesce(houses.houses, 0) houses, coalesce(houses.visited, 0) "housesVisitedThisQuarter"
    from grids g
    left join res on res.l1 = g.id left join tag_counts on tag_counts.l1 = g.id
    left join orgs on orgs.l1 = g.id left join houses on houses.l1 = g.id
    where g.level = 1 and (res.l1 is not null or orgs.l1 is not null or houses.l1 is not null)
    order by g.code`.execute(db)

  const grids = await sql<RegistryIndicators['grids'][number]>`
    select g.id, g.name, count(h.id)::int houses,
      count(h.id) filter (where ${visitedInQuarter()})::int visited
    from registry.houses h join grids g on g.id = h.grid_l3_id
    where ${inRegistryScope(user, 'h')}
    group by g.id, g.code, g.name order by g.code`.execute(db)

  const workers = await sql<RegistryIndicators['workers'][number]>`
    select u.id, u.name, count(distinct h.id)::int houses,
      count(distinct h.id) filter (where ${visitedInQuarter(sql.ref('u.id'))})::int visited
    from users u
    join user_grids ug on ug.user_id = u.id
    join registry.houses h on h.grid_l3_id = ug.grid_id
    where u.role = 'worker' and u.active and ${inRegistryScope(user, 'h')}
    group by u.id, u.name order by u.name, u.id`.execute(db)

  const first = await sql<{ day: string }>`select ${q.day} as day`.execute(db)
  return {
    quarterStart: first.rows[0]!.day,
    communities: communities.rows,
    grids: grids.rows,
    workers: workers.rows,
  }
}
