import { sql, type Kysely } from 'kysely'
import type { WorkingCalendar } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'
import { addCase, MEASURE_NAMES, zeroMeasures, type CaseOutcome, type Measures } from './rollup-measures.ts'

/** What one case adds to the roll-ups: a row of `dashboard_case_counts` (migration 0051). */
export type CaseCount = Omit<
  CaseOutcome,
  'registered' | 'closed' | 'on_time' | 'dispatched' | 'reworked' | 'extended' | 'dispatched_at' | 'handled_at'
> &
  Measures

export function caseCountOf(c: CaseOutcome, calendar: WorkingCalendar): CaseCount {
  const measures = zeroMeasures()
  addCase(measures, c, calendar)
  return {
    incident_id: c.incident_id,
    day: c.day,
    grid_l1_id: c.grid_l1_id,
    grid_l2_id: c.grid_l2_id,
    grid_l3_id: c.grid_l3_id,
    category_id: c.category_id,
    source: c.source,
    department_id: c.department_id,
    worker_id: c.worker_id,
    ...measures,
  }
}

const COUNT_COLUMNS = [
  'incident_id bigint',
  'day date',
  'grid_l1_id integer',
  'grid_l2_id integer',
  'grid_l3_id integer',
  'category_id integer',
  'source text',
  'department_id integer',
  'worker_id integer',
  ...MEASURE_NAMES.map((m) => `${m} ${m === 'handling_hours' ? 'double precision' : 'integer'}`),
]
const COUNT_NAMES = COUNT_COLUMNS.map((c) => c.split(' ')[0]!)

/** Stores what each case now adds (replacing what it added before), on the caller's transaction. */
export async function writeCaseCounts(db: Kysely<Database>, counts: readonly CaseCount[]): Promise<void> {
  if (counts.length === 0) return
  const names = sql.raw(COUNT_NAMES.join(', '))
  const updates = sql.raw(
    COUNT_NAMES.filter((n) => n !== 'incident_id')
      .map((n) => `${n} = excluded.${n}`)
      .join(', '),
  )
  await sql`
    insert into dashboard_case_counts (${names})
    select ${names} from jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) as r(${sql.raw(COUNT_COLUMNS.join(', '))})
    on conflict (incident_id) do update set ${updates}`.execute(db)
}

/** What the given cases added when last counted. */
export async function readCaseCounts(db: Kysely<Database>, incidentIds: readonly string[]): Promise<CaseCount[]> {
  const { rows } = await sql<CaseCount>`
    select incident_id::text, to_char(day, 'YYYY-MM-DD') as day, grid_l1_id, grid_l2_id, grid_l3_id, category_id, source,
      department_id, worker_id, ${sql.raw(MEASURE_NAMES.join(', '))}
    from dashboard_case_counts where incident_id = any(${[...incidentIds]}::bigint[])`.execute(db)
  return rows
}
