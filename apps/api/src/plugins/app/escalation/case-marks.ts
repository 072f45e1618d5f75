import { sql, type Kysely } from 'kysely'
import type { NotificationKind } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { IllegalTransitionError } from '../incidents/incident-transitions.ts'
import { NotFoundError } from '../../../errors.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { incidentRowVisibleTo } from '../incidents/incident-visibility.ts'
import { writeAudit } from '../audit/audit-log.ts'
import { logIncidentUpdated } from '../realtime/incident-event.ts'
import type { EventRow } from '../realtime/live-event.ts'
import { assigneesOf, casePayload, supervisorsOf, writeNotices, type WrittenNotice } from '../notifications/notices.ts'

export interface CaseMark {
  event: EventRow
  notices: WrittenNotice[]
}

/**
 * 催办 (a supervisor urges the assignee, with a note) or 督办 (a manager puts the case under supervision, pinned
 * until closed): in one transaction, the case locked and in the user's reach (else 404), still being worked
 * (else 409), a history row, an audit row, the notices and an `incident.updated` event.
 */
export async function markCase(
  db: Kysely<Database>,
  user: SignedInUser,
  incidentId: string,
  mark: 'urge' | 'supervise',
  note: string | null,
  address: string | null,
): Promise<CaseMark> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ status: string; supervised_at: Date | null }>`
      select i.status, i.supervised_at from incidents i
      where i.id = ${incidentId}::bigint and ${incidentRowVisibleTo(user)} for update of i`.execute(tx)
    const incident = rows[0]
    if (!incident) throw new NotFoundError('事件 incident')
    const open =
      mark === 'urge'
        ? ['dispatched', 'in_progress'].includes(incident.status)
        : !['closed', 'rejected'].includes(incident.status)
    if (!open)
      throw new IllegalTransitionError(
        mark === 'urge'
          ? '只能催办处置中的案卷 / only a case being handled can be urged'
          : '案卷已结束 / the case is over',
      )
    if (mark === 'supervise' && incident.supervised_at)
      throw new IllegalTransitionError('该案卷已在督办中 / the case is already under supervision')
    if (mark === 'supervise')
      await sql`update incidents set supervised_at = now(), supervised_by = ${user.id}, updated_at = now()
        where id = ${incidentId}::bigint`.execute(tx)
    const {
      rows: [history],
    } = await sql<{ id: string }>`
      insert into incident_history (incident_id, actor_id, action, from_status, to_status, note)
      values (${incidentId}::bigint, ${user.id}, ${mark}, ${incident.status}, ${incident.status}, ${note})
      returning id::text`.execute(tx)
    await writeAudit(
      tx,
      { id: user.id, address },
      { action: `incident.${mark}`, entity: 'incident', entityId: incidentId, after: { note } },
    )
    const kind: NotificationKind = mark === 'urge' ? 'case.urged' : 'case.supervised'
    const assignees = await assigneesOf(tx, incidentId)
    const audience = mark === 'urge' ? assignees : [...assignees, ...(await supervisorsOf(tx, incidentId))]
    const notices = await writeNotices(tx, [
      {
        userIds: audience.filter((id) => id !== user.id),
        kind,
        incidentId,
        dedupeKey: `${mark}:${history!.id}`,
        payload: await casePayload(tx, incidentId, note),
      },
    ])
    return { event: await logIncidentUpdated(tx, incidentId), notices }
  })
}
