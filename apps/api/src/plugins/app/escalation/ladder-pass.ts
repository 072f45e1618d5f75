import { sql, type Kysely } from 'kysely'
import { DEFAULT_LADDER, dueLadderSteps, type LadderStep } from '@wangge/sla'
import type { NotificationKind } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { loadWorkingCalendar } from '../calendar/working-calendar.ts'
import { incidentEventDataSql } from '../realtime/incident-event.ts'
import type { EventRow } from '../realtime/live-event.ts'
import { managers, writeNotices, type Notice, type WrittenNotice } from '../notifications/notices.ts'
import { systemUserId } from './system-user.ts'

/** How many due cases one pass takes; the rest wait for the next pass (seconds later). */
export const LADDER_BATCH = 500

export interface LadderPassResult {
  /** Cases whose ladder was looked at (due, locked by this pass). */
  cases: number
  /** Ladder steps taken (each a history row, notices and, per case, an event). */
  steps: number
  events: EventRow[]
  notices: WrittenNotice[]
}

interface DueCase {
  id: string
  status: string
  category_id: number
  dispatched_at: Date
  due_at: Date
  ladder_step: number
  case_number: string
  category: string
  assignees: number[]
  supervisors: number[]
}

const KIND_OF_LEVEL: Record<LadderStep['level'], NotificationKind> = {
  yellow: 'ladder.yellow',
  red: 'ladder.red',
  escalated: 'ladder.escalated',
}
const LEVEL_NOTE: Record<LadderStep['level'], string> = {
  yellow: '黄牌提醒：处置时限已用',
  red: '红牌警告：处置时限已用',
  escalated: '超时升级：处置时限已用',
}

/**
 * One pass of the single ladder timer, in one transaction: the cases whose next step is due at `now`, found by
 * the `next_ladder_at` index and locked with SKIP LOCKED — so two API instances running passes at once split the
 * due cases between them and never take the same step twice. For each: the steps due since the last one taken
 * (a case just armed by a dispatch has none due yet, and gets its first time), each a history row (`ladder`, by the
 * system account) and notices to the step's audience; one `incident.updated` event per case that moved; then the
 * next step's time in working time, or none.
 */
export async function ladderPass(db: Kysely<Database>, now: Date, batch = LADDER_BATCH): Promise<LadderPassResult> {
  return db.transaction().execute(async (tx) => {
    // The due rows, locked, with everything their notices need — who is the assignee (the worker, or the
    // department's handlers), who supervises the case (a supervisor with a grid on its chain) — in one statement:
    // a pass costs a handful of statements however many cases are due.
    const { rows: due } = await sql<DueCase>`
      with due as (
        select id from incidents where next_ladder_at <= ${now}::timestamptz
        order by next_ladder_at limit ${batch} for update skip locked
      )
      select i.id::text, i.status, i.category_id, i.dispatched_at, i.due_at, i.ladder_step, i.case_number,
        c.name as category,
        array(select u.id from users u where u.active
          and (u.id = i.assignee_user_id or (u.role = 'handler' and u.department_id = i.assignee_department_id))) as assignees,
        array(select distinct ug.user_id from user_grids ug join users u on u.id = ug.user_id and u.role = 'supervisor' and u.active
          where ug.grid_id in (i.grid_l1_id, i.grid_l2_id, i.grid_l3_id)) as supervisors
      from due join incidents i on i.id = due.id join categories c on c.id = i.category_id`.execute(tx)
    if (due.length === 0) return { cases: 0, steps: 0, events: [], notices: [] }
    const calendar = await loadWorkingCalendar(tx)
    const ladders = await laddersByCategory(tx)
    const street = ladders.get(null) ?? DEFAULT_LADDER

    const updates: { id: string; step: number; next: string | null }[] = []
    const history: { incident_id: string; status: string; note: string; data: unknown }[] = []
    const notices: Notice[] = []
    const moved: string[] = []
    const systemId = await systemUserId(tx)
    const managerIds = await managers(tx)
    for (const c of due) {
      if (!c.dispatched_at || !c.due_at) {
        updates.push({ id: c.id, step: c.ladder_step, next: null })
        continue
      }
      const ladder = ladders.get(c.category_id) ?? street
      const clock = { dispatchedAt: new Date(c.dispatched_at), dueAt: new Date(c.due_at) }
      const { due: steps, nextAt } = dueLadderSteps(calendar, ladder, clock, c.ladder_step, now)
      updates.push({ id: c.id, step: c.ladder_step + steps.length, next: nextAt?.toISOString() ?? null })
      if (steps.length === 0) continue
      moved.push(c.id)
      for (const { index, step } of steps) {
        history.push({
          incident_id: c.id,
          status: c.status,
          note: `${LEVEL_NOTE[step.level]} ${step.percent}%`,
          data: { ladderStep: index, level: step.level, percent: step.percent },
        })
        const audience = new Set<number>()
        for (const who of step.notify)
          for (const id of who === 'assignee' ? c.assignees : who === 'supervisor' ? c.supervisors : managerIds)
            audience.add(id)
        notices.push({
          userIds: [...audience],
          kind: KIND_OF_LEVEL[step.level],
          incidentId: c.id,
          dedupeKey: `ladder:${c.id}:${new Date(c.dispatched_at).getTime()}:${index}`,
          payload: {
            incidentId: c.id,
            caseNumber: c.case_number,
            category: c.category,
            note: `${step.percent}%`,
            dueAt: new Date(c.due_at).toISOString(),
          },
        })
      }
    }
    await sql`
      update incidents i set ladder_step = u.step, next_ladder_at = u.next
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u (id bigint, step smallint, next timestamptz)
      where i.id = u.id`.execute(tx)
    if (history.length)
      await sql`
        insert into incident_history (incident_id, actor_id, action, from_status, to_status, note, data, at)
        select h.incident_id, ${systemId}::int, 'ladder', h.status, h.status, h.note, h.data, ${now}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(history)}::jsonb) as h (incident_id bigint, status text, note text, data jsonb)`.execute(
        tx,
      )
    const events = await logIncidentsUpdated(tx, moved)
    return { cases: due.length, steps: history.length, events, notices: await writeNotices(tx, notices) }
  })
}

/** The stored ladders by sub-category (null: the street's default). A handful of rows. */
export async function laddersByCategory(db: Kysely<Database>): Promise<Map<number | null, LadderStep[]>> {
  const { rows } = await sql<{ category_id: number | null; steps: LadderStep[] }>`
    select category_id, steps from escalation_ladders`.execute(db)
  return new Map(rows.map((r) => [r.category_id, r.steps]))
}

/** `incident.updated` for each of the cases, in one statement (the event log's shape, see incident-event.ts). */
async function logIncidentsUpdated(db: Kysely<Database>, ids: readonly string[]): Promise<EventRow[]> {
  if (ids.length === 0) return []
  const { rows } = await sql<EventRow>`
    insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
    select 'incident.updated', i.grid_l1_id, i.grid_l2_id, i.grid_l3_id, ${sql.raw(incidentEventDataSql('i', 'c.code'))}
    from incidents i join categories c on c.id = i.category_id
    where i.id = any(${[...ids]}::bigint[]) order by i.id
    returning seq::text, type, at, grid_l1_id, grid_l2_id, grid_l3_id, data`.execute(db)
  return rows
}
