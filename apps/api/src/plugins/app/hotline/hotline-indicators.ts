import { sql, type Kysely } from 'kysely'
import type { HotlineIndicators } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { instantParameter } from '../../../db/shanghai-time.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { incidentRowVisibleTo } from '../incidents/incident-visibility.ts'

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole)

/**
 * The hotline's four indicators over the orders received in [from, to) whose case the user may read. Each counts an
 * order once its outcome is known — answered, or past its due time unanswered — so an order still inside its limit
 * neither helps nor hurts:
 * - 签收及时率: the first answer (签收, or 退单 for an order the street could not take) by the sign-for due time;
 * - 按期办结率: the first 回单 by the finishing due time (returned orders are not the street's to finish);
 * - 满意率: each revisited order's latest result, 满意 or 基本满意;
 * - 重办率: revisited orders a dissatisfied revisit sent back to rework at least once.
 */
export async function hotlineIndicators(
  db: Kysely<Database>,
  user: SignedInUser,
  range: { from: Date; to: Date },
  now: Date,
): Promise<HotlineIndicators> {
  const at = instantParameter(now)
  const row = await db
    .selectFrom('hotline_orders as o')
    .innerJoin('incidents as i', 'i.id', 'o.incident_id')
    .where(incidentRowVisibleTo(user))
    .where('o.received_at', '>=', range.from)
    .where('o.received_at', '<', range.to)
    .select([
      sql<number>`count(*)::int`.as('received'),
      sql<number>`(count(*) filter (where coalesce(o.signed_at, o.returned_at) is not null or o.sign_due_at < ${at}))::int`.as(
        'signCounted',
      ),
      sql<number>`(count(*) filter (where coalesce(o.signed_at, o.returned_at) <= o.sign_due_at))::int`.as(
        'signedOnTime',
      ),
      sql<number>`(count(*) filter (where o.status <> 'returned' and (o.first_replied_at is not null or o.finish_due_at < ${at})))::int`.as(
        'finishCounted',
      ),
      sql<number>`(count(*) filter (where o.status <> 'returned' and o.first_replied_at <= o.finish_due_at))::int`.as(
        'finishedOnTime',
      ),
      sql<number>`(count(*) filter (where o.revisit_result is not null))::int`.as('revisited'),
      sql<number>`(count(*) filter (where o.revisit_result in ('satisfied', 'basically_satisfied')))::int`.as(
        'satisfied',
      ),
      sql<number>`(count(*) filter (where o.revisit_result is not null and o.redo_count > 0))::int`.as('redone'),
    ])
    .executeTakeFirstOrThrow()
  return {
    ...row,
    signOnTimeRate: rate(row.signedOnTime, row.signCounted),
    finishOnTimeRate: rate(row.finishedOnTime, row.finishCounted),
    satisfactionRate: rate(row.satisfied, row.revisited),
    redoRate: rate(row.redone, row.revisited),
  }
}
