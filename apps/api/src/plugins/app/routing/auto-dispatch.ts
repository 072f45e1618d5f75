import { sql, type Kysely } from 'kysely'
import { nextState, type IncidentState } from '@wangge/workflow'
import { dueAt } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'
import { writeAudit } from '../audit/audit-log.ts'
import { loadWorkingCalendar } from '../calendar/working-calendar.ts'
import { logIncidentUpdated } from '../realtime/incident-event.ts'
import type { EventRow } from '../realtime/live-event.ts'
import { createRoutingRepository } from './routing-repository.ts'

export interface AutoDispatched {
  event: EventRow
  ruleId: number
}

const SYSTEM_ACTOR = { role: 'admin', userId: 0, departmentId: null } as const

/**
 * Registers and dispatches a reported case by the routing rule it meets, when that rule is automatic — in one
 * transaction: the case (locked; still `reported`, so a supervisor who was quicker wins), the two workflow steps
 * checked by @wangge/workflow's table, the SLA clock from the category's limit, a history row for each step
 * (the dispatch's names the rule: `data.ruleId`), their audit rows and one `incident.updated` event. The actor is
 * the system account. Returns undefined when no automatic rule applies or its target has nobody to take the case
 * (a grid without an active worker): the case waits for a supervisor, as before.
 */
export async function autoDispatch(db: Kysely<Database>, incidentId: string): Promise<AutoDispatched | undefined> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<{
      status: string
      category_id: number
      grid_l1_id: number
      grid_l2_id: number
      grid_l3_id: number
      handling_limit_unit: 'hours' | 'days' | null
      handling_limit_amount: string | null
    }>`
      select i.status, i.category_id, i.grid_l1_id, i.grid_l2_id, i.grid_l3_id, c.handling_limit_unit, c.handling_limit_amount
      from incidents i join categories c on c.id = i.category_id
      where i.id = ${incidentId}::bigint for update of i`.execute(tx)
    const incident = rows[0]
    if (incident?.status !== 'reported') return undefined
    const routing = createRoutingRepository(tx)
    const match = await routing.matchAt(incident.category_id, [
      incident.grid_l1_id,
      incident.grid_l2_id,
      incident.grid_l3_id,
    ])
    if (!match?.auto_dispatch) return undefined
    const worker = match.target === 'grid_worker' ? await routing.gridWorker(incident.grid_l3_id) : undefined
    const assignment = { userId: worker?.id ?? null, departmentId: match.department_id }
    if (assignment.userId === null && assignment.departmentId === null) return undefined

    const now = new Date()
    const context = { actor: SYSTEM_ACTOR, now }
    const registered = nextState(
      { state: incident.status as IncidentState, assignment: { userId: null, departmentId: null } },
      'register',
      {},
      context,
    )
    if (!registered.ok) return undefined
    const dispatched = nextState(
      { state: registered.to, assignment: { userId: null, departmentId: null } },
      'dispatch',
      assignment,
      context,
    )
    if (!dispatched.ok) return undefined

    const calendar = await loadWorkingCalendar(tx)
    const due = dueAt(calendar, now, {
      unit: incident.handling_limit_unit ?? 'days',
      amount: Number(incident.handling_limit_amount ?? 2),
    })
    const systemId = await routing.systemUserId()
    await sql`
      update incidents set status = ${dispatched.to}, registered_at = ${now}, dispatched_at = ${now}, due_at = ${due},
        assignee_user_id = ${assignment.userId}::int, assignee_department_id = ${assignment.departmentId}::int, updated_at = ${now}
      where id = ${incidentId}::bigint`.execute(tx)
    // Named as people see the rule (its id is in `data`): a raw number means nothing in a case's history.
    const ruleNote = `按分拨规则（${match.rule.category?.name ?? '全部类别'} · ${match.rule.grid?.name ?? '全街道'}）自动派遣`
    await sql`
      insert into incident_history (incident_id, actor_id, action, from_status, to_status, note, data, at) values
        (${incidentId}::bigint, ${systemId}, 'register', 'reported', ${registered.to}, ${ruleNote}, ${JSON.stringify({ ruleId: match.rule.id, auto: true })}::jsonb, ${now}),
        (${incidentId}::bigint, ${systemId}, 'dispatch', ${registered.to}, ${dispatched.to}, ${ruleNote},
         ${JSON.stringify({ ...assignment, ruleId: match.rule.id, auto: true })}::jsonb, ${now})`.execute(tx)
    for (const [action, from, to] of [
      ['incident.register', 'reported', registered.to],
      ['incident.dispatch', registered.to, dispatched.to],
    ] as const)
      await writeAudit(
        tx,
        { id: systemId, address: null },
        {
          action,
          entity: 'incident',
          entityId: incidentId,
          before: { status: from },
          after: { status: to, ruleId: match.rule.id, ...(action === 'incident.dispatch' ? assignment : {}) },
        },
      )
    return { event: await logIncidentUpdated(tx, incidentId), ruleId: match.rule.id }
  })
}
