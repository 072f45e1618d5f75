import { sql, type Kysely } from 'kysely'
import { nextState, type ActionInput, type IncidentAction, type IncidentState } from '@wangge/workflow'
import { dueAt } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'
import {
  AppError,
  AssigneeNotEligibleError,
  ExtensionTooLongError,
  ForbiddenError,
  InvalidReferenceError,
  NotFoundError,
} from '../../../errors.ts'
import { scopeOf, userWithinScope } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { savePhotos } from '../photos/save-photos.ts'
import { writeAudit } from '../audit/audit-log.ts'
import { incidentRowVisibleTo } from './incident-visibility.ts'
import { loadWorkingCalendar } from '../calendar/working-calendar.ts'
import { logIncidentUpdated } from '../realtime/incident-event.ts'
import { liveEventOf, type EventPublisher } from '../realtime/live-event.ts'

export class IllegalTransitionError extends AppError {
  constructor(message: string) {
    super(409, 'ILLEGAL_TRANSITION', message)
  }
}

/**
 * Takes one workflow step on an incident: the rules come from @wangge/workflow, this applies them — state,
 * assignment, SLA clock, counters, timestamps — and writes the history row (and after-photos), the audit row and the
 * `incident.updated` event in one transaction; the event goes to live clients after it commits.
 */
export async function applyIncidentAction<A extends IncidentAction>(
  deps: { db: Kysely<Database>; photos: PhotoStorage; events: EventPublisher },
  user: SignedInUser,
  incidentId: string,
  action: A,
  input: ActionInput<A>,
  afterPhotos: readonly ProcessedPhoto[] = [],
  /** The request's address, for the audit row. */
  address: string | null = null,
): Promise<void> {
  const { event, leftDepartment } = await deps.db.transaction().execute(async (tx) => {
    const incident = await tx
      .selectFrom('incidents as i')
      .innerJoin('categories as c', 'c.id', 'i.category_id')
      .select([
        'i.id',
        'i.status',
        'i.grid_l1_id',
        'i.assignee_user_id',
        'i.assignee_department_id',
        'i.due_at',
        'i.handled_at',
        'c.handling_limit_unit',
        'c.handling_limit_amount',
      ])
      .where('i.id', '=', incidentId)
      .where(incidentRowVisibleTo(user))
      .forUpdate('i')
      .executeTakeFirst()
    if (!incident) throw new NotFoundError('事件 incident')

    const now = new Date()
    const result = nextState(
      {
        state: incident.status as IncidentState,
        assignment: { userId: incident.assignee_user_id, departmentId: incident.assignee_department_id },
        dueAt: incident.due_at,
      },
      action,
      input,
      { actor: { role: user.role, userId: user.id, departmentId: user.department?.id ?? null }, now },
    )
    if (!result.ok) {
      if (result.reason === 'ILLEGAL_TRANSITION') throw new IllegalTransitionError(result.message)
      if (result.reason === 'FORBIDDEN') throw new ForbiddenError()
      if (result.problem === 'dueTooFar') throw new ExtensionTooLongError(result.message)
      throw new AppError(400, 'VALIDATION_FAILED', result.message, [{ field: 'body', message: result.message }])
    }
    const { effects, to } = result
    if (effects.assignment)
      await checkAssignee(tx, effects.assignment, { dispatcher: user, communityId: incident.grid_l1_id })

    const changes: Record<string, unknown> = { status: to, updated_at: now }
    if (effects.assignment)
      Object.assign(changes, {
        assignee_user_id: effects.assignment.userId,
        assignee_department_id: effects.assignment.departmentId,
      })
    if (effects.clearAssignment) Object.assign(changes, { assignee_user_id: null, assignee_department_id: null })
    if (effects.startSla) {
      const calendar = await loadWorkingCalendar(tx)
      const limit = {
        unit: incident.handling_limit_unit ?? 'days',
        amount: Number(incident.handling_limit_amount ?? 2),
      }
      Object.assign(changes, { dispatched_at: now, due_at: dueAt(calendar, now, limit) })
    }
    if (effects.stopSla) changes.due_at = null
    if (effects.extend) changes.due_at = effects.extend
    if (action === 'register') changes.registered_at = now
    if (to === 'handled') changes.handled_at = now
    // On time means handled by the due time: the supervisor's verification delay is not held against the handler.
    if (to === 'closed')
      Object.assign(changes, {
        closed_at: now,
        closed_on_time: incident.due_at === null || (incident.handled_at ?? now) <= incident.due_at,
      })

    await tx
      .updateTable('incidents')
      .set({
        ...changes,
        ...(effects.rework ? { rework_count: sql<number>`rework_count + 1` } : {}),
        ...(effects.extend ? { extension_count: sql<number>`extension_count + 1` } : {}),
      })
      .where('id', '=', incidentId)
      .execute()

    const { note, reason, ...data } = input as { note?: string; reason?: string } & Record<string, unknown>
    const history = await tx
      .insertInto('incident_history')
      .values({
        incident_id: incidentId,
        actor_id: user.id,
        action,
        from_status: incident.status,
        to_status: to,
        note: note ?? reason ?? null,
        data: Object.keys(data).length ? JSON.stringify(data) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await writeAudit(
      tx,
      { id: user.id, address },
      {
        action: auditActionOf(action, input),
        entity: 'incident',
        entityId: incidentId,
        before: { status: incident.status },
        after: { status: to, ...((note ?? reason) ? { note: note ?? reason } : {}), ...data },
      },
    )
    if (afterPhotos.length) {
      await savePhotos(tx, deps.photos, afterPhotos)
      const taken = await tx
        .selectFrom('incident_photos')
        .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('next'))
        .where('incident_id', '=', incidentId)
        .where('kind', '=', 'after')
        .executeTakeFirstOrThrow()
      await tx
        .insertInto('incident_photos')
        .values(
          afterPhotos.map((p, i) => ({
            incident_id: incidentId,
            history_id: String(history.id),
            photo_sha256: p.sha256,
            kind: 'after' as const,
            position: taken.next + i,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    return { event: await logIncidentUpdated(tx, incidentId), leftDepartment: incident.assignee_department_id }
  })
  // A return clears the assignment: the department it left must still hear that the case is gone from its queues.
  deps.events.publish(liveEventOf(event), { leftDepartment })
}

/** A verification is two steps in the log, passed and failed, so that the log says which without opening the row. */
function auditActionOf(action: IncidentAction, input: unknown): string {
  if (action === 'verify')
    return (input as { passed?: boolean }).passed ? 'incident.verify_passed' : 'incident.verify_failed'
  return `incident.${action}`
}

/**
 * A dispatch names an active worker and/or a department that exists (a handler is reached through their
 * department). The worker works a grid of the case's community — a worker patrols its unit grid, and the one who
 * stands in for it is a neighbour, not someone across the street — and of the dispatcher's own scope.
 */
async function checkAssignee(
  tx: Kysely<Database>,
  assignment: { userId: number | null; departmentId: number | null },
  { dispatcher, communityId }: { dispatcher: SignedInUser; communityId: number },
): Promise<void> {
  if (assignment.userId !== null) {
    const worker = await tx
      .selectFrom('users as u')
      .select('u.id')
      .where('u.id', '=', assignment.userId)
      .where('u.role', '=', 'worker')
      .where('u.active', '=', true)
      .where((eb) => userWithinScope(scopeOf(dispatcher), eb.ref('u.id')))
      .where((eb) => userWithinScope({ streetWide: false, rootIds: [communityId] }, eb.ref('u.id')))
      .executeTakeFirst()
    if (!worker) throw new AssigneeNotEligibleError()
  }
  if (assignment.departmentId !== null) {
    const department = await tx
      .selectFrom('departments')
      .select('id')
      .where('id', '=', assignment.departmentId)
      .executeTakeFirst()
    if (!department)
      throw new InvalidReferenceError('departmentId', `部门 ${assignment.departmentId} 不存在 / unknown department`)
  }
}
