import { sql, type Kysely } from 'kysely'
import { DEFAULT_LADDER, dueLadderSteps, type LadderAudience, type LadderStep } from '@wangge/sla'
import type { NotificationKind } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { loadWorkingCalendar } from '../calendar/working-calendar.ts'
import { logIncidentUpdated } from '../realtime/incident-event.ts'
import type { EventRow } from '../realtime/live-event.ts'
import {
  assigneesOf,
  casePayload,
  managers,
  supervisorsOf,
  writeNotices,
  type Notice,
  type WrittenNotice,
} from '../notifications/notices.ts'
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
    const { rows: due } = await sql<DueCase>`
      select id::text, status, category_id, dispatched_at, due_at, ladder_step from incidents
      where next_ladder_at <= ${now}::timestamptz
      order by next_ladder_at limit ${batch} for update skip locked`.execute(tx)
    if (due.length === 0) return { cases: 0, steps: 0, events: [], notices: [] }
    const calendar = await loadWorkingCalendar(tx)
    const ladders = await laddersByCategory(tx)
    const street = ladders.get(null) ?? DEFAULT_LADDER

    const updates: { id: string; step: number; next: string | null }[] = []
    const history: { incident_id: string; status: string; note: string; data: unknown }[] = []
    const notices: Notice[] = []
    const moved: string[] = []
    const systemId = await systemUserId(tx)
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
        notices.push({
          userIds: await audienceOf(tx, c.id, step.notify),
          kind: KIND_OF_LEVEL[step.level],
          incidentId: c.id,
          dedupeKey: `ladder:${c.id}:${new Date(c.dispatched_at).getTime()}:${index}`,
          payload: await casePayload(tx, c.id, `${step.percent}%`),
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
    const events: EventRow[] = []
    for (const id of moved) events.push(await logIncidentUpdated(tx, id))
    return { cases: due.length, steps: history.length, events, notices: await writeNotices(tx, notices) }
  })
}

/** Everyone a step's audience names for a case. */
async function audienceOf(db: Kysely<Database>, incidentId: string, audience: readonly LadderAudience[]) {
  const ids = new Set<number>()
  for (const who of audience) {
    const found =
      who === 'assignee'
        ? await assigneesOf(db, incidentId)
        : who === 'supervisor'
          ? await supervisorsOf(db, incidentId)
          : await managers(db)
    for (const id of found) ids.add(id)
  }
  return [...ids]
}

/** The stored ladders by sub-category (null: the street's default). A handful of rows. */
export async function laddersByCategory(db: Kysely<Database>): Promise<Map<number | null, LadderStep[]>> {
  const { rows } = await sql<{ category_id: number | null; steps: LadderStep[] }>`
    select category_id, steps from escalation_ladders`.execute(db)
  return new Map(rows.map((r) => [r.category_id, r.steps]))
}
