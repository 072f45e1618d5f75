import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { CompiledQuery, sql, type Kysely } from 'kysely'
import type { HotlineReply, HotlineStatus } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { shanghaiIso } from '../../../db/shanghai-time.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { loadWorkingCalendar } from '../calendar/working-calendar.ts'
import { incidentRowVisibleTo } from '../incidents/incident-visibility.ts'
import { FILING_SQL, filingParameters, type FilingOutcome, type ReportToFile } from '../incidents/report-statement.ts'
import { logIncidentUpdated } from '../realtime/incident-event.ts'
import { SYSTEM_PHONE, systemUserId } from '../escalation/system-user.ts'
import { hotlineIndicators } from './hotline-indicators.ts'
import { selectOrders } from './order-view.ts'

/** What a new order stores beside its incident. */
export interface OrderToStore {
  orderNumber: string
  incidentId: string
  /** Sealed with the registry cipher, and masked for lists. */
  caller: { nameSealed: Buffer; phoneSealed: Buffer; nameMasked: string; phoneMasked: string }
  calledAt: Date
  signLimitHours: number
  finishLimitDays: number
  receivedAt: Date
  receivedBy: number
  signDueAt: Date
  finishDueAt: Date
}

/** All of the hotline's SQL: orders as a user may read them, their intake, replies, revisits and indicators. */
export function createHotlineRepository(db: Kysely<Database>) {
  return transactional(db, hotlineQueries)
}

function hotlineQueries(db: Kysely<Database>) {
  return {
    /** Orders newest first, those whose case the user may read; keyset on id. */
    list(user: SignedInUser, filters: { status?: HotlineStatus }, page: { afterId?: string; limit: number }) {
      let query = selectOrders(db).where(incidentRowVisibleTo(user)).orderBy('o.id', 'desc').limit(page.limit)
      if (filters.status) query = query.where('o.status', '=', filters.status)
      if (page.afterId !== undefined) query = query.where('o.id', '<', page.afterId)
      return query.execute()
    },

    /** One order by its id or its case's id, when the user may read the case; `forUpdate` locks it. */
    findOrder(user: SignedInUser, by: { id: string } | { incidentId: string }, { forUpdate = false } = {}) {
      let query = selectOrders(db).where(incidentRowVisibleTo(user))
      query = 'id' in by ? query.where('o.id', '=', by.id) : query.where('o.incident_id', '=', by.incidentId)
      return (forUpdate ? query.forUpdate('o') : query).executeTakeFirst()
    },

    replies(orderId: string): Promise<HotlineReply[]> {
      return db
        .selectFrom('hotline_replies as r')
        .innerJoin('hotline_orders as o', 'o.id', 'r.order_id')
        .select([
          sql<string>`r.seq::text`.as('seq'),
          'o.order_number as orderNumber',
          sql<HotlineReply['kind']>`r.kind`.as('kind'),
          shanghaiIso('r.at').as('at'),
          'r.content',
        ])
        .where('r.order_id', '=', orderId)
        .orderBy('r.seq')
        .execute()
    },

    revisits(orderId: string) {
      return db
        .selectFrom('hotline_revisits')
        .select([
          sql<'satisfied' | 'basically_satisfied' | 'dissatisfied'>`result`.as('result'),
          'note',
          shanghaiIso('at').as('at'),
        ])
        .where('order_id', '=', orderId)
        .orderBy('id')
        .execute()
    },

    /** The street's replies after `after`, oldest first, on the cases the reader may read: the city's feed. */
    feed(user: SignedInUser, after: string | undefined, limit: number): Promise<HotlineReply[]> {
      let query = db
        .selectFrom('hotline_replies as r')
        .innerJoin('hotline_orders as o', 'o.id', 'r.order_id')
        .innerJoin('incidents as i', 'i.id', 'o.incident_id')
        .where(incidentRowVisibleTo(user))
        .select([
          sql<string>`r.seq::text`.as('seq'),
          'o.order_number as orderNumber',
          sql<HotlineReply['kind']>`r.kind`.as('kind'),
          shanghaiIso('r.at').as('at'),
          'r.content',
        ])
        .orderBy('r.seq')
        .limit(limit)
      if (after !== undefined) query = query.where('r.seq', '>', after)
      return query.execute()
    },

    /**
     * Holds the order number for the rest of the transaction, so that two intakes of one number (the API and a
     * sheet at once, or a retried request) file one case: the second waits, then finds the first.
     */
    async lockOrderNumber(orderNumber: string): Promise<void> {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`hotline:${orderNumber}`}, 0))`.execute(db)
    },

    async orderIdByNumber(orderNumber: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('hotline_orders')
        .select(sql<string>`id::text`.as('id'))
        .where('order_number', '=', orderNumber)
        .executeTakeFirst()
      return row?.id
    },

    /** Files the order's incident through the report's filing statement (grid chain, case number, history, event). */
    async fileIncident(report: ReportToFile): Promise<FilingOutcome | undefined> {
      const {
        rows: [outcome],
      } = await db.executeQuery<FilingOutcome>(CompiledQuery.raw(FILING_SQL, filingParameters([report])))
      return outcome
    },

    workingCalendar: () => loadWorkingCalendar(db),

    /** Every sub-category's code and name: a sheet may name one either way. */
    subCategories() {
      return db.selectFrom('categories').select(['code', 'name']).where('parent_id', 'is not', null).execute()
    },

    async storeOrder(order: OrderToStore): Promise<string> {
      const row = await db
        .insertInto('hotline_orders')
        .values({
          order_number: order.orderNumber,
          incident_id: order.incidentId,
          caller_name_sealed: order.caller.nameSealed,
          caller_phone_sealed: order.caller.phoneSealed,
          caller_name_masked: order.caller.nameMasked,
          caller_phone_masked: order.caller.phoneMasked,
          called_at: order.calledAt,
          sign_limit_hours: String(order.signLimitHours),
          finish_limit_days: String(order.finishLimitDays),
          received_at: order.receivedAt,
          received_by: order.receivedBy,
          sign_due_at: order.signDueAt,
          finish_due_at: order.finishDueAt,
        })
        .returning(sql<string>`id::text`.as('id'))
        .executeTakeFirstOrThrow()
      return row.id
    },

    /** Records one reply to the city and moves the order to `status`, stamping the step's time. */
    async recordReply(
      orderId: string,
      reply: { kind: 'sign' | 'reply' | 'return'; actorId: number; content: string | null; at: Date },
      status: HotlineStatus,
    ): Promise<void> {
      await db
        .insertInto('hotline_replies')
        .values({ order_id: orderId, kind: reply.kind, actor_id: reply.actorId, content: reply.content, at: reply.at })
        .execute()
      const stamp =
        reply.kind === 'sign'
          ? { signed_at: reply.at }
          : reply.kind === 'reply'
            ? { replied_at: reply.at, first_replied_at: sql<Date>`coalesce(first_replied_at, ${reply.at})` }
            : { returned_at: reply.at }
      await db
        .updateTable('hotline_orders')
        .set({ status, ...stamp })
        .where('id', '=', orderId)
        .execute()
    },

    async recordRevisit(
      orderId: string,
      revisit: { result: string; note: string | null; actorId: number; at: Date },
      status: HotlineStatus,
    ): Promise<void> {
      await db
        .insertInto('hotline_revisits')
        .values({
          order_id: orderId,
          result: revisit.result,
          note: revisit.note,
          actor_id: revisit.actorId,
          at: revisit.at,
        })
        .execute()
      await db
        .updateTable('hotline_orders')
        .set({
          status,
          revisit_result: revisit.result,
          revisited_at: revisit.at,
          ...(revisit.result === 'dissatisfied' ? { redo_count: sql<number>`redo_count + 1` } : {}),
        })
        .where('id', '=', orderId)
        .execute()
    },

    /** The case's category limit, for the fresh clock of a rework. */
    async handlingLimitOf(incidentId: string) {
      return db
        .selectFrom('incidents as i')
        .innerJoin('categories as c', 'c.id', 'i.category_id')
        .select(['c.handling_limit_unit', 'c.handling_limit_amount'])
        .where('i.id', '=', incidentId)
        .executeTakeFirstOrThrow()
    },

    /**
     * Sends a closed case back to rework as a failed verification would (state, rework count, a fresh clock; the
     * assignees kept), with its history row and `incident.updated` event, which the caller publishes after commit.
     */
    async reopenForRework(
      incidentId: string,
      step: { to: string; actorId: number; note: string; at: Date; dueAt: Date },
    ) {
      await db
        .updateTable('incidents')
        .set({
          status: step.to,
          rework_count: sql<number>`rework_count + 1`,
          dispatched_at: step.at,
          due_at: step.dueAt,
          handled_at: null,
          closed_at: null,
          closed_on_time: null,
          updated_at: step.at,
        })
        .where('id', '=', incidentId)
        .execute()
      await db
        .insertInto('incident_history')
        .values({
          incident_id: incidentId,
          actor_id: step.actorId,
          action: 'revisit_rework',
          from_status: 'closed',
          to_status: step.to,
          note: step.note,
          at: step.at,
        })
        .execute()
      return logIncidentUpdated(db, incidentId)
    },

    /**
     * Closes a case the street returns to the city before registering it, as a supervisor's rejection would (the
     * workflow's `reject`, with the 退单 reason), with its history row and `incident.updated` event for the caller
     * to publish after commit.
     */
    async rejectReturnedCase(incidentId: string, step: { to: string; actorId: number; reason: string; at: Date }) {
      await db
        .updateTable('incidents')
        .set({ status: step.to, updated_at: step.at })
        .where('id', '=', incidentId)
        .execute()
      await db
        .insertInto('incident_history')
        .values({
          incident_id: incidentId,
          actor_id: step.actorId,
          action: 'reject',
          from_status: 'reported',
          to_status: step.to,
          note: `12345 退单：${step.reason}`,
          at: step.at,
        })
        .execute()
      return logIncidentUpdated(db, incidentId)
    },

    indicators: (user: SignedInUser, range: { from: Date; to: Date }, now: Date) =>
      hotlineIndicators(db, user, range, now),

    audit: (actor: Actor, entry: AuditEntry) => writeAudit(db, actor, entry),

    /** The system account (系统) as the user an integration key acts as: street-wide, never signed in. */
    async systemAccount(): Promise<SignedInUser> {
      return {
        id: await systemUserId(db),
        name: '系统',
        phone: SYSTEM_PHONE,
        role: 'admin',
        department: null,
        grids: [],
      }
    },
  }
}

export type HotlineRepository = ReturnType<typeof createHotlineRepository>

declare module 'fastify' {
  interface FastifyInstance {
    hotlineRepository: HotlineRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('hotlineRepository', createHotlineRepository(fastify.kysely))
  },
  { name: 'hotline-repository', dependencies: ['database'] },
)
