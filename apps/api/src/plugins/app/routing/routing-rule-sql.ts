import { sql, type RawBuilder } from 'kysely'
import type { RoutingRule } from '@wangge/contract'

/** A routing rule as the contract's JSON, from `routing_rules r` (with its category, grid and department). */
export const RULE_JSON = `json_build_object(
  'id', r.id,
  'category', (select json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'isGroup', c.parent_id is null)
    from categories c where c.id = r.category_id),
  'grid', (select json_build_object('id', g.id, 'code', g.code, 'name', g.name, 'level', g.level)
    from grids g where g.id = r.grid_id),
  'target', r.target,
  'department', (select json_build_object('id', d.id, 'code', d.code, 'name', d.name)
    from departments d where d.id = r.department_id),
  'autoDispatch', r.auto_dispatch,
  'note', r.note,
  'updatedAt', to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`

export interface MatchedRule {
  rule: RoutingRule
  department_id: number | null
  target: RoutingRule['target']
  auto_dispatch: boolean
}

/**
 * The rule a (sub-category, grid chain) pair meets, most specific first: the deepest grid (a unit grid's rule beats
 * its area's, which beats its community's, which beats the street's), then the sub-category over its group over
 * any. One lookup over the rules that can apply at all (a few per pair).
 */
export function bestRuleSql(
  categoryId: RawBuilder<unknown>,
  chain: readonly [RawBuilder<unknown>, RawBuilder<unknown>, RawBuilder<unknown>],
): RawBuilder<MatchedRule> {
  return sql<MatchedRule>`
    select ${sql.raw(RULE_JSON)} as rule, r.department_id, r.target, r.auto_dispatch
    from routing_rules r left join grids rg on rg.id = r.grid_id
    where (r.category_id is null
        or r.category_id = ${categoryId}
        or r.category_id = (select parent_id from categories where id = ${categoryId}))
      and (r.grid_id is null or r.grid_id in (${chain[0]}, ${chain[1]}, ${chain[2]}))
    order by coalesce(rg.level, 0) desc,
      case when r.category_id = ${categoryId} then 2 when r.category_id is not null then 1 else 0 end desc
    limit 1`
}
