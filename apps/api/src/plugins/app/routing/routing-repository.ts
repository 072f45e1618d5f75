import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { RoutingRule, RoutingRuleBody, RuleReviewItem } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'
import { systemUserId } from '../escalation/system-user.ts'
import { bestRuleSql, RULE_JSON, type MatchedRule } from './routing-rule-sql.ts'

export function createRoutingRepository(db: Kysely<Database>) {
  return transactional(db, routingQueries)
}

function routingQueries(db: Kysely<Database>) {
  const rule = async (id: number): Promise<RoutingRule | undefined> => {
    const { rows } = await sql<{ rule: RoutingRule }>`
      select ${sql.raw(RULE_JSON)} as rule from routing_rules r where r.id = ${id}`.execute(db)
    return rows[0]?.rule
  }
  return {
    rule,

    /** Every rule, the street's first, then by grid code and category code (a few hundred at most). */
    async list(): Promise<RoutingRule[]> {
      const { rows } = await sql<{ rule: RoutingRule }>`
        select ${sql.raw(RULE_JSON)} as rule from routing_rules r
        left join grids g on g.id = r.grid_id left join categories c on c.id = r.category_id
        order by g.code nulls first, c.code nulls first, r.id`.execute(db)
      return rows.map((r) => r.rule)
    },

    /** Writes a rule (new when `id` is null); undefined when `id` names none. */
    async save(id: number | null, body: RoutingRuleBody, actorId: number): Promise<number | undefined> {
      const values = sql`${body.categoryId}::int, ${body.gridId}::int, ${body.target}, ${body.target === 'department' ? body.departmentId : null}::int,
        ${body.autoDispatch}, ${body.note}, ${actorId}::int`
      const { rows } =
        id === null
          ? await sql<{ id: number }>`
              insert into routing_rules (category_id, grid_id, target, department_id, auto_dispatch, note, updated_by)
              values (${values}) returning id`.execute(db)
          : await sql<{ id: number }>`
              update routing_rules set (category_id, grid_id, target, department_id, auto_dispatch, note, updated_by, updated_at)
                = (${values}, now())
              where id = ${id} returning id`.execute(db)
      return rows[0]?.id
    },

    async remove(id: number): Promise<boolean> {
      const result = await sql`delete from routing_rules where id = ${id}`.execute(db)
      return Number(result.numAffectedRows ?? 0) > 0
    },

    /** Whether another rule holds the same (category, grid) pair. */
    async pairTaken(id: number | null, categoryId: number | null, gridId: number | null): Promise<boolean> {
      const { rows } = await sql`
        select 1 from routing_rules
        where coalesce(category_id, 0) = ${categoryId ?? 0}::int and coalesce(grid_id, 0) = ${gridId ?? 0}::int
          and id is distinct from ${id}::int`.execute(db)
      return rows.length > 0
    },

    /** Which of the references exist: a category (group or sub-category), a grid, a department. */
    async references(body: RoutingRuleBody) {
      const { rows } = await sql<{ category: boolean; grid: boolean; department: boolean }>`
        select
          ${body.categoryId}::int is null or exists (select 1 from categories where id = ${body.categoryId}::int) as category,
          ${body.gridId}::int is null or exists (select 1 from grids where id = ${body.gridId}::int) as grid,
          ${body.departmentId}::int is null or exists (select 1 from departments where id = ${body.departmentId}::int) as department`.execute(
        db,
      )
      return rows[0]!
    },

    /** The rule a sub-category meets in a grid chain (level 1 first). */
    async matchAt(categoryId: number, chain: readonly [number, number, number]): Promise<MatchedRule | undefined> {
      const { rows } = await bestRuleSql(sql`${categoryId}::int`, [
        sql`${chain[0]}::int`,
        sql`${chain[1]}::int`,
        sql`${chain[2]}::int`,
      ]).execute(db)
      return rows[0]
    },

    /** The active worker of a unit grid (the longest-serving when there are several), or undefined. */
    async gridWorker(l3Id: number): Promise<{ id: number; name: string } | undefined> {
      const { rows } = await sql<{ id: number; name: string }>`
        select u.id, u.name from user_grids ug join users u on u.id = ug.user_id
        where ug.grid_id = ${l3Id} and u.role = 'worker' and u.active order by u.id limit 1`.execute(db)
      return rows[0]
    },

    async departmentName(id: number): Promise<string | undefined> {
      const { rows } = await sql<{ name: string }>`select name from departments where id = ${id}`.execute(db)
      return rows[0]?.name
    },

    systemUserId: () => systemUserId(db),

    /**
     * "Not ours": cases a department handler returned with a reason in the last `days` days, grouped by the rule
     * that routes such a case now (null: no rule — a supervisor dispatched it by hand), most returned first.
     */
    async rulesToReview(days: number): Promise<RuleReviewItem[]> {
      const { rows } = await sql<{
        rule: RoutingRule | null
        returns: number
        last_at: Date
        recent: RuleReviewItem['recent']
      }>`
        with returned as (
          select h.incident_id, h.at, h.note, d.name as department, i.case_number,
            (select (m.rule->>'id')::int
              from (${bestRuleSql(sql`i.category_id`, [sql`i.grid_l1_id`, sql`i.grid_l2_id`, sql`i.grid_l3_id`])}) m) as rule_id
          from incident_history h
          join users a on a.id = h.actor_id and a.role = 'handler'
          left join departments d on d.id = a.department_id
          join incidents i on i.id = h.incident_id
          where h.action = 'return' and h.at > now() - make_interval(days => ${days}::int)
        )
        select (select ${sql.raw(RULE_JSON)} from routing_rules r where r.id = returned.rule_id) as rule,
          count(*)::int as returns, max(at) as last_at,
          (select json_agg(x) from (select json_build_object('incidentId', r2.incident_id::text, 'caseNumber', r2.case_number,
              'reason', coalesce(r2.note, ''), 'department', r2.department,
              'at', to_char(r2.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) as x
            from returned r2 where r2.rule_id is not distinct from returned.rule_id order by r2.at desc limit 5) t) as recent
        from returned group by rule_id order by count(*) desc, max(at) desc limit 100`.execute(db)
      return rows.map((r) => ({
        rule: r.rule,
        returns: r.returns,
        lastReturnedAt: new Date(r.last_at).toISOString(),
        recent: r.recent,
      }))
    },

    audit(actor: Actor, entry: AuditEntry): Promise<void> {
      return writeAudit(db, actor, entry)
    },
  }
}

export type RoutingRepository = ReturnType<typeof createRoutingRepository>

declare module 'fastify' {
  interface FastifyInstance {
    routingRepository: RoutingRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('routingRepository', createRoutingRepository(fastify.kysely))
  },
  { name: 'routing-repository', dependencies: ['database'] },
)
