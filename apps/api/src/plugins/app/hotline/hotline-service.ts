import fp from 'fastify-plugin'
import { createHash } from 'node:crypto'
import {
  DEFAULT_FINISH_LIMIT_DAYS,
  DEFAULT_SIGN_LIMIT_HOURS,
  type HotlineImportReport,
  type HotlineIndicators,
  type HotlineOrderDetail,
  type HotlineOrderInput,
  type HotlineStatus,
} from '@wangge/contract'
import {
  hotlineStepProblem,
  orderStatusAfter,
  REVISIT_REWORK_STATE,
  transitionFor,
  type HotlineStep,
  type IncidentState,
  type RevisitOutcome,
} from '@wangge/workflow'
import { addWorkingDays, addWorkingHours, dueAt } from '@wangge/sla'
import { AppError, NotFoundError, OutsideManagedAreaError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { IncidentsRepository } from '../incidents/incidents-repository.ts'
import { UnknownCategoryError } from '../incidents/incidents-service.ts'
import { liveEventOf, type EventPublisher } from '../realtime/live-event.ts'
import type { HotlineRepository } from './hotline-repository.ts'
import { readOrderSheet, SHEET_COLUMNS } from './hotline-sheet.ts'
import { maskCallerName, maskCallerPhone, orderOf } from './order-view.ts'
import { createRegistryCipher, registryDataKey, type RegistryCipher } from '../registry/registry-cipher.ts'

export class HotlineStepRefusedError extends AppError {
  constructor(message: string) {
    super(409, 'HOTLINE_STEP_REFUSED', message)
  }
}

/** Roles that see a caller whole on the case page; everyone else, and every list, sees them masked. */
const SEES_CALLER: readonly string[] = ['supervisor', 'admin']

/**
 * The incident's idempotency key for an order: derived from the 工单号, so the filing statement's own key check
 * agrees with the order table's unique number.
 */
export function clientIdOfOrder(orderNumber: string): string {
  const hex = createHash('sha256').update(`hotline:${orderNumber}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** 事件小类 as a sheet gives it: a code, or a name that only one sub-category carries. */
function categoryResolver(categories: readonly { code: string; name: string }[]) {
  const byName = new Map<string, string | null>()
  for (const c of categories) byName.set(c.name, byName.has(c.name) ? null : c.code)
  const codes = new Set(categories.map((c) => c.code))
  return (text: string) => (codes.has(text) ? text : (byName.get(text) ?? undefined))
}

export type StepInput =
  | { step: 'sign' }
  | { step: 'reply'; result: string }
  | { step: 'return'; reason: string }
  | { step: 'revisit'; result: RevisitOutcome; note?: string }

/** The hotline's rules: intake keyed by 工单号, the steps the order takes with the city, and its indicators. */
export function createHotlineService(
  hotline: HotlineRepository,
  incidents: Pick<IncidentsRepository, 'subCategoryByCode'>,
  events: EventPublisher,
  cipher: RegistryCipher,
) {
  async function detailOf(
    user: SignedInUser,
    by: { id: string } | { incidentId: string },
  ): Promise<HotlineOrderDetail> {
    const row = await hotline.findOrder(user, by)
    if (!row) throw new NotFoundError('工单 hotline order')
    const [replies, revisits] = await Promise.all([hotline.replies(row.id), hotline.revisits(row.id)])
    return { ...orderOf(row, SEES_CALLER.includes(user.role) ? cipher : undefined), replies, revisits }
  }

  /**
   * Takes one work order: its incident is filed through the report's own statement (source `hotline`), and the
   * order stored beside it with its limits' due times counted on the working calendar from the moment the street
   * received it — all in one transaction, under a lock on the number, so the same 工单号 twice (even at once)
   * files one case and the second gets the first back (`created: false`).
   */
  async function receive(user: SignedInUser, input: HotlineOrderInput, actor: Actor) {
    const category = await incidents.subCategoryByCode(input.categoryCode)
    if (category === undefined) throw new UnknownCategoryError(input.categoryCode)
    const signLimitHours = input.signLimitHours ?? DEFAULT_SIGN_LIMIT_HOURS
    const finishLimitDays = input.finishLimitDays ?? DEFAULT_FINISH_LIMIT_DAYS
    const { orderId, created, event } = await hotline.transaction(async (tx) => {
      await tx.lockOrderNumber(input.orderNumber)
      const existing = await tx.orderIdByNumber(input.orderNumber)
      if (existing) return { orderId: existing, created: false, event: null }
      const outcome = await tx.fileIncident({
        clientId: clientIdOfOrder(input.orderNumber),
        categoryId: category.id,
        categoryCode: input.categoryCode,
        description: input.content,
        lng: input.lng,
        lat: input.lat,
        accuracyM: null,
        address: input.address ?? null,
        reporterId: user.id,
        selfHandled: false,
        source: 'hotline',
      })
      if (!outcome?.chain) throw new OutsideManagedAreaError(input.lng, input.lat)
      // The key is derived from the number, which no order holds yet: only a case left without its order (never
      // written by this path) could hold it.
      if (!outcome.id || !outcome.created) throw new Error(`order ${input.orderNumber}: its case key is taken`)
      const calendar = await tx.workingCalendar()
      const receivedAt = new Date()
      const id = await tx.storeOrder({
        orderNumber: input.orderNumber,
        incidentId: outcome.id,
        caller: {
          nameSealed: cipher.seal(input.callerName),
          phoneSealed: cipher.seal(input.callerPhone),
          nameMasked: maskCallerName(input.callerName),
          phoneMasked: maskCallerPhone(input.callerPhone),
        },
        calledAt: new Date(input.calledAt),
        signLimitHours,
        finishLimitDays,
        receivedAt,
        receivedBy: user.id,
        signDueAt: addWorkingHours(calendar, receivedAt, signLimitHours),
        finishDueAt: addWorkingDays(calendar, receivedAt, finishLimitDays),
      })
      // No caller data in the audit row: the log is read by admins who need the number, not the person.
      await tx.audit(actor, {
        action: 'hotline.receive',
        entity: 'hotline_order',
        entityId: id,
        after: { orderNumber: input.orderNumber, incidentId: outcome.id },
      })
      return { orderId: id, created: true, event: outcome.event }
    })
    if (event) events.publish(liveEventOf(event))
    const row = await hotline.findOrder(user, { id: orderId })
    // Filed under another reporter, out of this user's scope: the number is taken, its case not theirs to read.
    if (!row) throw new HotlineStepRefusedError(`工单号 ${input.orderNumber} 已受理 / order already received`)
    return { created, order: orderOf(row) }
  }

  /**
   * Takes an XLSX sheet row by row (hotline-sheet.ts): every good row is received as `receive` receives one order,
   * in its own transaction, and every refused row is named with its column and the reason in zh-CN. A row refused
   * when filed (a point outside the street, a number another scope received) is reported as such; a sheet whose
   * rows are all bad writes nothing.
   */
  async function importSheet(user: SignedInUser, bytes: Buffer, actor: Actor): Promise<HotlineImportReport> {
    const categoryOf = categoryResolver(await hotline.subCategories())
    const rows = await readOrderSheet(bytes, categoryOf)
    const report: HotlineImportReport = { rows: rows.length, taken: [], refused: [] }
    for (const row of rows) {
      if (!('order' in row)) {
        report.refused.push(...row.problems)
        continue
      }
      try {
        const { created, order } = await receive(user, row.order, actor)
        report.taken.push({
          row: row.row,
          orderNumber: order.orderNumber,
          caseNumber: order.incident.caseNumber,
          created,
        })
      } catch (error) {
        if (error instanceof OutsideManagedAreaError)
          report.refused.push({ row: row.row, column: SHEET_COLUMNS.lng, reason: '该位置不在本街道管辖网格内' })
        else if (error instanceof HotlineStepRefusedError)
          report.refused.push({
            row: row.row,
            column: SHEET_COLUMNS.orderNumber,
            reason: '该工单号已受理，不在您的管辖范围内',
          })
        else if (error instanceof AppError)
          report.refused.push({ row: row.row, column: '', reason: error.message.split(' / ')[0]! })
        else throw error
      }
    }
    return report
  }

  return {
    detail: detailOf,
    importSheet,

    receive,

    /**
     * One step with the city — 签收, 回单, 退单, or the city's 回访 — checked against the order's table
     * (@wangge/workflow hotline-order.ts) and recorded with its audit row in one transaction. A dissatisfied revisit
     * also sends the closed case back to rework, in the same transaction, and its event goes out after commit.
     */
    async step(user: SignedInUser, orderId: string, input: StepInput, actor: Actor): Promise<HotlineOrderDetail> {
      const event = await hotline.transaction(async (tx) => {
        const order = await tx.findOrder(user, { id: orderId }, { forUpdate: true })
        if (!order) throw new NotFoundError('工单 hotline order')
        const problem = hotlineStepProblem(
          input.step,
          order.status as HotlineStatus,
          order.incident_status as IncidentState,
        )
        if (problem) throw new HotlineStepRefusedError(problem)
        const at = new Date()
        const to = orderStatusAfter(input.step, input.step === 'revisit' ? input.result : undefined)
        // The case's own step, if the order's step took one: its event goes out after commit.
        let caseEvent = null
        if (input.step === 'revisit') {
          await tx.recordRevisit(orderId, { result: input.result, note: input.note ?? null, actorId: user.id, at }, to)
          if (input.result === 'dissatisfied') {
            const limit = await tx.handlingLimitOf(order.incident_id)
            const calendar = await tx.workingCalendar()
            caseEvent = await tx.reopenForRework(order.incident_id, {
              to: REVISIT_REWORK_STATE,
              actorId: user.id,
              note: `12345 回访不满意，重新办理${input.note ? `：${input.note}` : ''}`,
              at,
              dueAt: dueAt(calendar, at, {
                unit: limit.handling_limit_unit === 'hours' ? 'hours' : 'days',
                amount: Number(limit.handling_limit_amount ?? 2),
              }),
            })
          }
        } else {
          const content = input.step === 'reply' ? input.result : input.step === 'return' ? input.reason : null
          await tx.recordReply(orderId, { kind: input.step, actorId: user.id, content, at }, to)
          // A returned order's case leaves the street's queues: unregistered, it is rejected with the same reason; a
          // case already registered stays for the supervisor to close as the workflow allows.
          const rejected = transitionFor(order.incident_status as IncidentState, 'reject')
          if (input.step === 'return' && rejected)
            caseEvent = await tx.rejectReturnedCase(order.incident_id, {
              to: rejected,
              actorId: user.id,
              reason: input.reason,
              at,
            })
        }
        await tx.audit(actor, {
          action: `hotline.${input.step satisfies HotlineStep}`,
          entity: 'hotline_order',
          entityId: orderId,
          before: { status: order.status },
          after: { status: to, ...(input.step === 'revisit' ? { result: input.result } : {}) },
        })
        return caseEvent
      })
      if (event) events.publish(liveEventOf(event))
      return detailOf(user, { id: orderId })
    },

    indicators(user: SignedInUser, range: { from: Date; to: Date }): Promise<HotlineIndicators> {
      if (range.to <= range.from)
        throw new AppError(400, 'VALIDATION_FAILED', '结束时间须晚于开始时间 / `to` must be after `from`', [
          { field: 'querystring.to', message: 'must be after from' },
        ])
      return hotline.indicators(user, range, new Date())
    },
  }
}

export type HotlineService = ReturnType<typeof createHotlineService>

declare module 'fastify' {
  interface FastifyInstance {
    hotlineService: HotlineService
  }
}

/** The caller's name and phone are sealed with the registry's key: DATA_KEY, or the one kept in DATA_DIR. */
export default fp(
  async (fastify, options: { dataKey: string | undefined; dataDir: string }) => {
    const cipher = createRegistryCipher(await registryDataKey(options.dataKey, options.dataDir))
    fastify.decorate(
      'hotlineService',
      createHotlineService(fastify.hotlineRepository, fastify.incidentsRepository, fastify.realtime, cipher),
    )
  },
  { name: 'hotline-service', dependencies: ['hotline-repository', 'incidents-repository', 'realtime'] },
)
