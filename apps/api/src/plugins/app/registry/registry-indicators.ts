import { sql, type Kysely } from 'kysely'
import type { RegistryIndicators } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { inRegistryScope, visibleTags } from './registry-scope.ts'

type User = Pick<SignedInUser, 'role' | 'grids'>

/** The street's own rule (the reference report): every community fosters these many at least. */
export const COMMUNITY_RULE = { socialOrganisations: 5, culturalTeams: 2 } as const

/** This quarter began at 00:00 Asia/Shanghai on the first day of its first month. */
const QUARTER_START = sql`(date_trunc('quarter', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')`

/**
 * The registry's figures per community in the user's scope: people, households (houses with someone living in
 * them), tags, organisations by kind and the 5 + 2 rule; and this quarter's visit coverage per unit grid and per
 * worker (houses visited at least once since the quarter began, out of the houses in their grids).
 */
export async function registryIndicators(db: Kysely<Database>, user: User): Promise<RegistryIndicators> {
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
        count(*) filter (where exists (select 1 from registry.visits v
          where v.house_id = h.id and v.visited_at >= ${QUARTER_START}))::int visited
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
      count(h.id) filter (where exists (select 1 from registry.visits v
        where v.house_id = h.id and v.visited_at >= ${QUARTER_START}))::int visited
    from registry.houses h join grids g on g.id = h.grid_l3_id
    where ${inRegistryScope(user, 'h')}
    group by g.id, g.code, g.name order by g.code`.execute(db)

  const workers = await sql<RegistryIndicators['workers'][number]>`
    select u.id, u.name, count(distinct h.id)::int houses,
      count(distinct h.id) filter (where exists (select 1 from registry.visits v
        where v.house_id = h.id and v.worker_id = u.id and v.visited_at >= ${QUARTER_START}))::int visited
    from users u
    join user_grids ug on ug.user_id = u.id
    join registry.houses h on h.grid_l3_id = ug.grid_id
    where u.role = 'worker' and u.active and ${inRegistryScope(user, 'h')}
    group by u.id, u.name order by u.name, u.id`.execute(db)

  const quarter = await sql<{
    q: string
  }>`select to_char(${QUARTER_START} at time zone 'Asia/Shanghai', 'YYYY-MM-DD') q`.execute(db)
  return {
    quarterStart: quarter.rows[0]!.q,
    communities: communities.rows,
    grids: grids.rows,
    workers: workers.rows,
  }
}
