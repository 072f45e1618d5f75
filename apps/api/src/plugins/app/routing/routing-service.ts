import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import type { RoutingPreview, RoutingRule, RoutingRuleBody } from '@wangge/contract'
import { AppError, InvalidReferenceError, NotFoundError, OutsideManagedAreaError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import { liveEventOf, type LiveEvent } from '../realtime/live-event.ts'
import { noticesOfSteps } from '../notifications/case-notices.ts'
import { subCategoryByCode } from '../incidents/category-cache.ts'
import { autoDispatch } from './auto-dispatch.ts'

export class RoutingRuleTakenError extends AppError {
  constructor() {
    super(409, 'ROUTING_RULE_TAKEN', '该类别在该网格已有分拨规则 / a rule for this category and grid exists')
  }
}

/** How long this instance trusts its "are there automatic rules at all" answer (another instance may add one). */
const AUTO_RULES_TTL_MS = 5_000

export default fp(
  (fastify) => {
    const repository = fastify.routingRepository
    let autoRules: { at: number; any: boolean } | undefined
    const anyAutoRule = async () => {
      if (!autoRules || Date.now() - autoRules.at > AUTO_RULES_TTL_MS) {
        const rules = await repository.list()
        autoRules = { at: Date.now(), any: rules.some((r) => r.autoDispatch) }
      }
      return autoRules.any
    }

    const checkBody = async (body: RoutingRuleBody) => {
      if (body.target === 'department' && body.departmentId === null)
        throw new InvalidReferenceError('departmentId', '请选择责任部门 / choose a department')
      const refs = await repository.references(body)
      if (!refs.category) throw new InvalidReferenceError('categoryId', '类别不存在 / unknown category')
      if (!refs.grid) throw new InvalidReferenceError('gridId', '网格不存在 / unknown grid')
      if (!refs.department) throw new InvalidReferenceError('departmentId', '部门不存在 / unknown department')
    }

    const service = {
      /** Creates (id null) or replaces a rule with its audit row, in one transaction; the rule as stored. */
      async save(id: number | null, body: RoutingRuleBody, actor: Actor & { id: number }) {
        await checkBody(body)
        const savedId = await repository.transaction(async (tx) => {
          const before = id === null ? null : await tx.rule(id)
          if (id !== null && !before) throw new NotFoundError('分拨规则 routing rule')
          if (await tx.pairTaken(id, body.categoryId, body.gridId)) throw new RoutingRuleTakenError()
          const saved = await tx.save(id, body, actor.id)
          await tx.audit(actor, {
            action: id === null ? 'routing_rule.create' : 'routing_rule.update',
            entity: 'routing_rule',
            entityId: saved!,
            before,
            after: body,
          })
          return saved!
        })
        autoRules = undefined
        return (await repository.rule(savedId))!
      },

      async remove(id: number, actor: Actor) {
        await repository.transaction(async (tx) => {
          const before = await tx.rule(id)
          if (!before || !(await tx.remove(id))) throw new NotFoundError('分拨规则 routing rule')
          await tx.audit(actor, { action: 'routing_rule.delete', entity: 'routing_rule', entityId: id, before })
        })
        autoRules = undefined
      },

      /** Which rule a sub-category at a point meets, and whom it names there. */
      async preview(categoryCode: string, lng: number, lat: number): Promise<RoutingPreview> {
        const category = await subCategoryByCode(fastify.kysely, categoryCode)
        if (!category)
          throw new InvalidReferenceError('categoryCode', `未知的事件小类 ${categoryCode} / unknown sub-category`)
        const chain = await fastify.gridsRepository.chainAt(lng, lat)
        if (!chain) throw new OutsideManagedAreaError(lng, lat)
        const match = await repository.matchAt(category.id, [chain[0].id, chain[1].id, chain[2].id])
        let assignee: RoutingPreview['assignee'] = null
        if (match?.target === 'grid_worker') {
          const worker = await repository.gridWorker(chain[2].id)
          if (worker) assignee = { kind: 'grid_worker', ...worker }
        } else if (match?.department_id) {
          const name = await repository.departmentName(match.department_id)
          if (name) assignee = { kind: 'department', id: match.department_id, name }
        }
        return {
          grids: chain.map((g) => ({ id: g.id, code: g.code, name: g.name, level: g.level })),
          rule: match?.rule ?? null,
          assignee,
        }
      },

      /**
       * The follow-up of a committed event, on the instance that published it: a new report meets the automatic
       * rules (when there are any), and every workflow step's notices are written and sent. Never throws: the
       * change it follows has committed; a failure is logged and the case waits for a supervisor.
       */
      async followUp(event: LiveEvent, log: FastifyBaseLogger) {
        const data = event.data as { id?: string; status?: string } | null
        if (!data?.id) return
        try {
          if (event.type === 'incident.created' && data.status === 'reported' && (await anyAutoRule())) {
            // One lookup from what the event carries (sub-category, grid chain) before any lock: a report no
            // automatic rule meets costs nothing more.
            const category = await subCategoryByCode(
              fastify.kysely,
              (event.data as { category?: string }).category ?? '',
            )
            const [l1, l2, l3] = event.grids
            if (!category || l1 === undefined || l2 === undefined || l3 === undefined) return
            if (!(await repository.matchAt(category.id, [l1, l2, l3]))?.auto_dispatch) return
            const dispatched = await autoDispatch(fastify.kysely, data.id)
            if (dispatched) fastify.realtime.publish(liveEventOf(dispatched.event))
          } else if (event.type === 'incident.updated') {
            fastify.notifications.deliver(await noticesOfSteps(fastify.kysely, data.id))
          }
        } catch (err) {
          log.warn({ err, incidentId: data.id }, 'routing follow-up failed')
        }
      },
    }
    fastify.decorate('routingService', service)
    fastify.realtime.afterPublish((event) => {
      void service.followUp(event, fastify.log)
    })
  },
  {
    name: 'routing-service',
    dependencies: ['routing-repository', 'realtime', 'notifications', 'grids-repository', 'database'],
  },
)

export type RoutingService = {
  save(id: number | null, body: RoutingRuleBody, actor: Actor & { id: number }): Promise<RoutingRule>
  remove(id: number, actor: Actor): Promise<void>
  preview(categoryCode: string, lng: number, lat: number): Promise<RoutingPreview>
  followUp(event: LiveEvent, log: FastifyBaseLogger): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    routingService: RoutingService
  }
}
