import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { addWorkingHours, dueAt, shanghaiDateOf, WORKING_HOURS_PER_DAY } from '@wangge/sla'
import type { Database } from '../db/database-schema.ts'
import { loadWorkingCalendar } from '../plugins/app/calendar/working-calendar.ts'
import { DEMO_ACCOUNTS } from '@wangge/seed'
import { seedDescription } from './incident-descriptions.ts'

const DAY_MS = 86_400_000

/** mulberry32: the seed's choices repeat run after run; only the dates move with "now". */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Step {
  action: string
  from: string | null
  to: string
  at: Date
  actor: number
  note: string | null
}

/**
 * A plausible 90 days of cases across the street so the map and the indicators have something true to show:
 * reports in working hours, most registered and dispatched to the category's department or the grid's worker,
 * handled within their limit most of the time, some late, some reworked or extended, recent ones still open.
 * Each case gets its full history. Only into a street with no incidents yet.
 *
 * Everyone in a case is someone whose scope holds it (seed/src/grid-staff.ts): the worker of its unit grid
 * reports it and works it when it is dispatched to a worker; a handler of its department works it otherwise; its
 * community's supervisor registers, dispatches and verifies it, or the street's duty supervisor where a community
 * has none. So a demo account sees exactly its scope, no case reported from elsewhere.
 */
export async function seedIncidents(
  db: Kysely<Database>,
  { count = 3000, now = new Date() } = {},
): Promise<number | 'kept'> {
  if (await db.selectFrom('incidents').select('id').limit(1).executeTakeFirst()) return 'kept'
  const random = prng(370705002)
  // Its own stream, so the wording does not move the cases' other choices.
  const wording = prng(2000)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const calendar = await loadWorkingCalendar(db)
  const cells = await db
    .selectFrom('grids as g3')
    .innerJoin('grids as g2', 'g2.id', 'g3.parent_id')
    .select(['g3.id as l3', 'g2.id as l2', 'g2.parent_id as l1', 'g3.name'])
    .where('g3.level', '=', 3)
    .orderBy('g3.code')
    .execute()
  const categories = await db
    .selectFrom('categories')
    .select(['id', 'code', 'default_department_id', 'handling_limit_unit', 'handling_limit_amount'])
    .where('parent_id', 'is not', null)
    .orderBy('code')
    .execute()
  const people = await casePeople(db)
  if (!people || cells.length === 0 || categories.length === 0) return 0
  // The demo worker's unit grid gets a case in every 125 besides its share, so its account has a day's work to show.
  const demoCell = cells.find((c) => c.l3 === people.demoWorkerCell)

  const incidents: Record<string, unknown>[] = []
  const histories: Step[][] = []
  for (let n = 0; n < count; n++) {
    const cell = demoCell && n % 125 === 0 ? demoCell : pick(cells)
    const category = pick(categories)
    const created = addWorkingHours(
      calendar,
      new Date(now.getTime() - (1 + random() * 89) * DAY_MS),
      random() * WORKING_HOURS_PER_DAY,
    )
    if (created > now) continue
    const worker = people.workerOf.get(cell.l3)
    const supervisor = people.supervisorOf.get(cell.l1!) ?? people.dutySupervisor
    // A grid without a worker has its cases come in by the hotline, filed by the supervisor on duty.
    const reporter = worker ?? supervisor
    const steps: Step[] = [
      {
        action: 'report',
        from: null,
        to: 'reported',
        at: created,
        actor: reporter,
        note: worker ? '巡查发现' : '热线转办',
      },
    ]
    const age = (now.getTime() - created.getTime()) / DAY_MS
    // Cases of the last three days are often still open: they are taken only part of the way to now.
    const horizon =
      age < 3 && random() < 0.6 ? new Date(created.getTime() + random() * (now.getTime() - created.getTime())) : now
    const row: Record<string, unknown> = {
      ...seedDescription(category.code, cell.name, wording),
      category_id: category.id,
      status: 'reported',
      grid_l1_id: cell.l1,
      grid_l2_id: cell.l2,
      grid_l3_id: cell.l3,
      reporter_id: reporter,
      // The reporter's role, as migration 0020 backfills it.
      source: worker ? 'worker' : 'supervisor',
      created_at: created,
      registered_at: null,
      dispatched_at: null,
      due_at: null,
      handled_at: null,
      closed_at: null,
      closed_on_time: null,
      assignee_user_id: null,
      assignee_department_id: null,
      rework_count: 0,
      extension_count: 0,
    }
    const step = (action: string, to: string, at: Date, actor: number, note: string | null = null) => {
      steps.push({ action, from: row.status as string, to, at, actor, note })
      row.status = to
    }
    // Recent cases are still moving through the loop; older ones mostly finished it.
    if (age < 0.3 && random() < 0.6) {
      /* still waiting to be registered */
    } else if (random() < 0.04) {
      step('reject', 'rejected', addWorkingHours(calendar, created, 0.5), supervisor, '不属于受理范围')
    } else {
      const registered = addWorkingHours(calendar, created, 0.2 + random() * 0.8)
      step('register', 'registered', registered, supervisor)
      row.registered_at = registered
      const dispatched = addWorkingHours(calendar, registered, 0.2 + random())
      if (dispatched < horizon) {
        const handler =
          category.default_department_id === null ? undefined : people.handlerOf.get(category.default_department_id)
        const toDepartment = handler !== undefined && (worker === undefined || random() < 0.7)
        if (!toDepartment && worker === undefined) {
          incidents.push(row)
          histories.push(steps)
          continue
        }
        Object.assign(
          row,
          toDepartment ? { assignee_department_id: category.default_department_id } : { assignee_user_id: worker },
        )
        const limit = {
          unit: category.handling_limit_unit ?? 'days',
          amount: Number(category.handling_limit_amount ?? 2),
        }
        let due = dueAt(calendar, dispatched, limit)
        step('dispatch', 'dispatched', dispatched, supervisor)
        Object.assign(row, { dispatched_at: dispatched, due_at: due })
        const actor = toDepartment ? handler : worker!
        const limitHours = limit.unit === 'hours' ? limit.amount : limit.amount * WORKING_HOURS_PER_DAY
        const accepted = addWorkingHours(calendar, dispatched, Math.min(0.5, limitHours * 0.1))
        if (accepted < horizon) step('accept', 'in_progress', accepted, actor)
        if (random() < 0.05 && row.status === 'in_progress') {
          due = addWorkingHours(calendar, due, limitHours)
          step(
            'extend',
            'in_progress',
            addWorkingHours(calendar, accepted, limitHours * 0.5),
            supervisor,
            '需协调相关单位',
          )
          Object.assign(row, { due_at: due, extension_count: 1 })
        }
        // Most cases finish inside their limit; about one in eight runs late.
        const handledAfter = limitHours * (random() < 0.12 ? 1.1 + random() : 0.2 + random() * 0.7)
        let handled = addWorkingHours(calendar, dispatched, handledAfter)
        if (row.status === 'in_progress' && handled < horizon) {
          step('feedback', 'handled', handled, actor, '已处置')
          row.handled_at = handled
          if (random() < 0.08) {
            const rework = addWorkingHours(calendar, handled, 0.5)
            step('verify', 'dispatched', rework, supervisor, '核查未通过，需返工')
            row.rework_count = 1
            step('accept', 'in_progress', addWorkingHours(calendar, rework, 0.2), actor)
            handled = addWorkingHours(calendar, rework, limitHours * 0.3)
            if (handled < horizon) {
              step('feedback', 'handled', handled, actor, '返工完成')
              row.handled_at = handled
            }
          }
          const verified = addWorkingHours(calendar, handled, 0.3 + random())
          if ((row.status as string) === 'handled' && verified < horizon) {
            step('verify', 'closed', verified, supervisor, '核查通过')
            Object.assign(row, { closed_at: verified, closed_on_time: handled <= due })
          }
        }
      }
    }
    incidents.push(row)
    histories.push(steps)
  }
  await insertAll(db, incidents, histories, now)
  return incidents.length
}

/**
 * Who takes part in the seeded cases: each unit grid's worker, each community's supervisor, the duty supervisor
 * (street-wide), each department's handler, and the demo worker's grid. Undefined without a supervisor at all.
 */
async function casePeople(db: Kysely<Database>) {
  const scoped = await db
    .selectFrom('users as u')
    .leftJoin('user_grids as ug', 'ug.user_id', 'u.id')
    .leftJoin('grids as g', 'g.id', 'ug.grid_id')
    .select(['u.id', 'u.role', 'u.phone', 'u.department_id', 'g.id as grid', 'g.level'])
    .where('u.active', '=', true)
    .orderBy('u.id')
    .execute()
  const workerOf = new Map<number, number>()
  const supervisorOf = new Map<number, number>()
  const communitiesOf = new Map<number, number>()
  const handlerOf = new Map<number, number>()
  for (const u of scoped) {
    if (u.role === 'worker' && u.level === 3 && !workerOf.has(u.grid!)) workerOf.set(u.grid!, u.id)
    if (u.role === 'supervisor' && u.level === 1) communitiesOf.set(u.id, (communitiesOf.get(u.id) ?? 0) + 1)
    if (u.role === 'handler' && u.department_id !== null && !handlerOf.has(u.department_id))
      handlerOf.set(u.department_id, u.id)
  }
  for (const u of scoped) {
    if (u.role === 'supervisor' && u.level === 1 && communitiesOf.get(u.id) === 1 && !supervisorOf.has(u.grid!))
      supervisorOf.set(u.grid!, u.id)
  }
  const widest = [...communitiesOf].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]
  if (!widest) return undefined
  const demoWorker = scoped.find((u) => u.phone === DEMO_ACCOUNTS.find((a) => a.role === 'worker')?.phone)
  return { workerOf, supervisorOf, dutySupervisor: widest[0], handlerOf, demoWorkerCell: demoWorker?.grid ?? null }
}

async function insertAll(
  db: Kysely<Database>,
  incidents: Record<string, unknown>[],
  histories: Step[][],
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const day = (d: Date) => shanghaiDateOf(d).replaceAll('-', '')
    const perDay = new Map<string, number>()
    const rows = incidents
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (a.r.created_at as Date).getTime() - (b.r.created_at as Date).getTime())
      .map(({ r, i }) => {
        const d = day(r.created_at as Date)
        const seq = (perDay.get(d) ?? 0) + 1
        perDay.set(d, seq)
        return {
          ...r,
          i,
          case_number: `DY-${d}-${String(seq).padStart(4, '0')}`,
          client_id: randomUUID(),
          updated_at: now,
        }
      })
    for (let start = 0; start < rows.length; start += 500) {
      const batch = rows.slice(start, start + 500)
      const { rows: inserted } = await sql<{ id: string; case_number: string }>`
        insert into incidents (case_number, client_id, category_id, description, address, status, location, grid_l1_id, grid_l2_id, grid_l3_id, reporter_id,
          assignee_user_id, assignee_department_id, registered_at, dispatched_at, due_at, handled_at, closed_at, closed_on_time,
          rework_count, extension_count, created_at, updated_at, source)
        select r.case_number, r.client_id, r.category_id, r.description, r.address, r.status,
          (select ST_GeometryN(ST_GeneratePoints(g.geom, 1, r.i + 1), 1) from grids g where g.id = r.grid_l3_id),
          r.grid_l1_id, r.grid_l2_id, r.grid_l3_id, r.reporter_id, r.assignee_user_id, r.assignee_department_id, r.registered_at, r.dispatched_at,
          r.due_at, r.handled_at, r.closed_at, r.closed_on_time, r.rework_count, r.extension_count, r.created_at, r.updated_at, r.source
        from json_to_recordset(${JSON.stringify(batch)}::json) as r(i int, case_number text, client_id uuid, category_id int, description text, address text, status text,
          grid_l1_id int, grid_l2_id int, grid_l3_id int, reporter_id int, assignee_user_id int, assignee_department_id int, registered_at timestamptz,
          dispatched_at timestamptz, due_at timestamptz, handled_at timestamptz, closed_at timestamptz, closed_on_time boolean, rework_count int,
          extension_count int, created_at timestamptz, updated_at timestamptz, source text)
        returning id::text, case_number`.execute(tx)
      const indexOf = new Map(batch.map((b) => [b.case_number, b.i]))
      const history = inserted.flatMap(({ id, case_number }) =>
        histories[indexOf.get(case_number)!]!.map((s) => ({
          incident_id: id,
          at: s.at,
          actor_id: s.actor,
          action: s.action,
          from_status: s.from,
          to_status: s.to,
          note: s.note,
        })),
      )
      if (history.length) {
        await sql`insert into incident_history (incident_id, at, actor_id, action, from_status, to_status, note)
          select incident_id, at, actor_id, action, from_status, to_status, note
          from json_to_recordset(${JSON.stringify(history)}::json) as h(incident_id bigint, at timestamptz, actor_id int, action text, from_status text, to_status text, note text)`.execute(
          tx,
        )
      }
    }
    for (const [d, last] of perDay) {
      const date = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`
      await sql`select continue_case_numbers(${date}::date, ${last})`.execute(tx)
    }
  })
}
