import { sql, type Kysely } from 'kysely'
import type { NotificationKind } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { assigneesOf, casePayload, supervisorsOf, writeNotices, type Notice, type WrittenNotice } from './notices.ts'

/** How far back a case's history is read after its event: wider than any gap between a step's commit and its publish. */
const RECENT_STEPS_SECONDS = 120

/**
 * The notices a case's committed workflow steps call for (issue 19's "who gets what"): a dispatch tells the new
 * assignee (its worker, or its department's handlers), a failed verification tells the assignee to rework, a
 * return ("not ours") tells the case's supervisors. Read from the history rows of the last two minutes, each keyed
 * by its row, so steps that committed close together are all told, and none twice.
 */
export async function noticesOfSteps(db: Kysely<Database>, incidentId: string): Promise<WrittenNotice[]> {
  const { rows } = await sql<{ id: string; action: string; to_status: string; note: string | null }>`
    select id::text, action, to_status, note from incident_history
    where incident_id = ${incidentId}::bigint and at > now() - make_interval(secs => ${RECENT_STEPS_SECONDS})
      and action in ('dispatch', 'verify', 'return')
    order by id`.execute(db)
  const notices: Notice[] = []
  for (const step of rows) {
    const kind: NotificationKind | undefined =
      step.action === 'dispatch'
        ? 'task.assigned'
        : step.action === 'return'
          ? 'case.returned'
          : step.to_status === 'dispatched'
            ? 'task.rework'
            : undefined
    if (!kind) continue
    const userIds = kind === 'case.returned' ? await supervisorsOf(db, incidentId) : await assigneesOf(db, incidentId)
    notices.push({
      userIds,
      kind,
      incidentId,
      dedupeKey: `step:${step.id}`,
      payload: await casePayload(db, incidentId, kind === 'task.assigned' ? null : step.note),
    })
  }
  return writeNotices(db, notices)
}
