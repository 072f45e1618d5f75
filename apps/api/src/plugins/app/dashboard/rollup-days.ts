import { sql, type Kysely } from 'kysely'
import type { WorkingCalendar } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'
import { shanghaiDay } from '../../../db/shanghai-time.ts'
import { loadWorkingCalendar } from '../calendar/working-calendar.ts'
import { caseCountOf, writeCaseCounts } from './case-counts.ts'
import { addCase, MEASURE_NAMES, zeroMeasures, type CaseOutcome, type Measures } from './rollup-measures.ts'

/** One roll-up table: its name and the dimensions of its rows beside the day (migration 0030). */
/** The columns a roll-up row can be keyed by besides its day: a case's place, category, source and assignee. */
type RollupDimension =
  'grid_l1_id' | 'grid_l2_id' | 'grid_l3_id' | 'category_id' | 'source' | 'department_id' | 'worker_id'

export interface RollupTable {
  name: string
  /** `nullable`: a case may have none (no assignee yet); every other dimension is always set. */
  dimensions: readonly { column: RollupDimension; type: 'integer' | 'text'; nullable?: true }[]
}

const AREA = [
  { column: 'grid_l1_id', type: 'integer' },
  { column: 'grid_l2_id', type: 'integer' },
] as const

export const ROLLUP_TABLES: readonly RollupTable[] = [
  { name: 'dashboard_area_days', dimensions: [...AREA, { column: 'source', type: 'text' }] },
  { name: 'dashboard_grid_days', dimensions: [...AREA, { column: 'grid_l3_id', type: 'integer' }] },
  { name: 'dashboard_category_days', dimensions: [...AREA, { column: 'category_id', type: 'integer' }] },
  {
    name: 'dashboard_assignee_days',
    dimensions: [
      ...AREA,
      { column: 'department_id', type: 'integer', nullable: true },
      { column: 'worker_id', type: 'integer', nullable: true },
    ],
  },
]

/** What the roll-ups read of a case (alias `i`). */
const caseOutcomeColumns = sql`i.id::text as incident_id, to_char(${shanghaiDay('i.created_at')}, 'YYYY-MM-DD') as day,
      i.grid_l1_id, i.grid_l2_id, i.grid_l3_id, i.category_id, i.source,
      i.assignee_department_id as department_id, i.assignee_user_id as worker_id,
      (i.registered_at is not null or i.self_handled) as registered, i.status = 'closed' as closed,
      coalesce(i.closed_on_time, false) as on_time, i.dispatched_at is not null as dispatched,
      i.rework_count > 0 as reworked, i.extension_count > 0 as extended, i.dispatched_at, i.handled_at`

/** The given cases as the roll-ups count them (rollup-cases.ts). */
export async function caseOutcomesOfIds(db: Kysely<Database>, ids: readonly string[]): Promise<CaseOutcome[]> {
  const { rows } = await sql<CaseOutcome>`
    select ${caseOutcomeColumns} from incidents i where i.id = any(${[...ids]}::bigint[])`.execute(db)
  return rows
}

/** The cases reported on the given Asia/Shanghai days, as the roll-ups count them. */
async function caseOutcomesOf(db: Kysely<Database>, days: readonly string[]): Promise<CaseOutcome[]> {
  const { rows } = await sql<CaseOutcome>`
    select ${caseOutcomeColumns}
    from unnest(${[...days]}::date[]) d(day)
    join incidents i on i.created_at >= (d.day::timestamp at time zone 'Asia/Shanghai')
      and i.created_at < ((d.day + 1)::timestamp at time zone 'Asia/Shanghai')`.execute(db)
  return rows
}

/** Sums the cases per (day, dimensions) of one table. */
function rowsOf(table: RollupTable, cases: readonly CaseOutcome[], calendar: WorkingCalendar) {
  const rows = new Map<string, Record<string, unknown> & Measures>()
  for (const c of cases) {
    const key = [c.day, ...table.dimensions.map((d) => c[d.column])].join('|')
    let row = rows.get(key)
    if (!row) {
      row = {
        day: c.day,
        ...Object.fromEntries(table.dimensions.map((d) => [d.column, c[d.column]])),
        ...zeroMeasures(),
      }
      rows.set(key, row)
    }
    addCase(row, c, calendar)
  }
  return [...rows.values()]
}

function monthsOf(days: readonly string[]): string[] {
  return [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))]
}

/**
 * Recomputes the day rows of `days` from the incidents, then the month rows of their months from the day rows, on
 * `db` (the caller's transaction: a batch lands whole). A day with no case keeps no row.
 */
export async function recomputeDays(
  db: Kysely<Database>,
  days: readonly string[],
  calendar?: WorkingCalendar,
): Promise<void> {
  if (days.length === 0) return
  const workingCalendar = calendar ?? (await loadWorkingCalendar(db))
  const cases = await caseOutcomesOf(db, days)
  // What each case adds is kept too, so that later changes move the roll-ups by their difference (rollup-cases.ts).
  await sql`delete from dashboard_case_counts where day = any(${[...days]}::date[])`.execute(db)
  await writeCaseCounts(
    db,
    cases.map((c) => caseCountOf(c, workingCalendar)),
  )
  const months = monthsOf(days)
  for (const table of ROLLUP_TABLES) {
    const t = sql.table(table.name)
    const dims = table.dimensions.map((d) => d.column)
    const dimList = sql.raw(dims.join(', '))
    const measureList = sql.raw(MEASURE_NAMES.join(', '))
    await sql`delete from ${t} where span = 'day' and day = any(${[...days]}::date[])`.execute(db)
    const rows = rowsOf(table, cases, workingCalendar)
    if (rows.length) {
      const recordType = sql.raw(
        [
          'day date',
          ...table.dimensions.map((d) => `${d.column} ${d.type}`),
          ...MEASURE_NAMES.map((m) => `${m} ${m === 'handling_hours' ? 'double precision' : 'integer'}`),
        ].join(', '),
      )
      await sql`
        insert into ${t} (span, day, ${dimList}, ${measureList})
        select 'day', day, ${dimList}, ${measureList}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${recordType})`.execute(db)
    }
    await sql`delete from ${t} where span = 'month' and day = any(${months}::date[])`.execute(db)
    const sums = sql.raw(MEASURE_NAMES.map((m) => `sum(${m})`).join(', '))
    await sql`
      insert into ${t} (span, day, ${dimList}, ${measureList})
      select 'month', m.month, ${dimList}, ${sums}
      from unnest(${months}::date[]) m(month)
      join ${t} on span = 'day' and day >= m.month and day < (m.month + interval '1 month')::date
      group by m.month, ${dimList}`.execute(db)
  }
}

/** Every Asia/Shanghai day on which a case was reported. */
export async function reportedDays(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ day: string }>`
    select distinct to_char(${shanghaiDay('created_at')}, 'YYYY-MM-DD') as day from incidents order by 1`.execute(db)
  return rows.map((r) => r.day)
}

/** How many days a rebuild recomputes per step: a million cases a year is ~40,000 cases a fortnight in memory. */
const REBUILD_DAYS_PER_STEP = 14

/**
 * Recomputes every roll-up from the incidents on `db` (the caller's transaction: the dashboard never shows a
 * half-rebuilt year), a fortnight per step, after clearing them — a day with no case left must keep no row.
 */
export async function rebuildRollups(db: Kysely<Database>): Promise<void> {
  for (const table of ROLLUP_TABLES) await sql`delete from ${sql.table(table.name)}`.execute(db)
  await sql`delete from dashboard_case_counts`.execute(db)
  const days = await reportedDays(db)
  const calendar = await loadWorkingCalendar(db)
  for (let i = 0; i < days.length; i += REBUILD_DAYS_PER_STEP)
    await recomputeDays(db, days.slice(i, i + REBUILD_DAYS_PER_STEP), calendar)
}
