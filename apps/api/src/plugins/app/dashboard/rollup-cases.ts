import { sql, type Kysely } from 'kysely'
import type { WorkingCalendar } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'
import { loadWorkingCalendar } from '../calendar/working-calendar.ts'
import { caseCountOf, readCaseCounts, writeCaseCounts, type CaseCount } from './case-counts.ts'
import { caseOutcomesOfIds, ROLLUP_TABLES, type RollupTable } from './rollup-days.ts'
import { MEASURE_NAMES, zeroMeasures, type Measures } from './rollup-measures.ts'

type DeltaRow = Record<string, unknown> & Measures & { span: 'day' | 'month'; day: string }

/** The rows of one roll-up table that the cases' change moves: each case's new contribution minus its old one. */
function deltasOf(table: RollupTable, now: readonly CaseCount[], before: readonly CaseCount[]): DeltaRow[] {
  const rows = new Map<string, DeltaRow>()
  const add = (c: CaseCount, sign: 1 | -1) => {
    for (const [span, day] of [
      ['day', c.day],
      ['month', `${c.day.slice(0, 7)}-01`],
    ] as const) {
      const key = [span, day, ...table.dimensions.map((d) => c[d.column])].join('|')
      let row = rows.get(key)
      if (!row) {
        row = {
          span,
          day,
          ...Object.fromEntries(table.dimensions.map((d) => [d.column, c[d.column]])),
          ...zeroMeasures(),
        }
        rows.set(key, row)
      }
      for (const m of MEASURE_NAMES) row[m] += sign * c[m]
    }
  }
  for (const c of now) add(c, 1)
  for (const c of before) add(c, -1)
  return [...rows.values()].filter((row) => MEASURE_NAMES.some((m) => row[m] !== 0))
}

/**
 * Moves the roll-ups by the change of the given cases since they were last counted, and records their new
 * contribution, on the caller's transaction. Its cost is the cases' own, not their day's (migration 0051). A row
 * left with no case is removed, as a recomputation would leave none.
 */
export async function applyCaseChanges(
  db: Kysely<Database>,
  incidentIds: readonly string[],
  calendar?: WorkingCalendar,
): Promise<void> {
  if (incidentIds.length === 0) return
  const workingCalendar = calendar ?? (await loadWorkingCalendar(db))
  const now = (await caseOutcomesOfIds(db, incidentIds)).map((c) => caseCountOf(c, workingCalendar))
  const before = await readCaseCounts(db, incidentIds)
  const measureList = sql.raw(MEASURE_NAMES.join(', '))
  for (const table of ROLLUP_TABLES) {
    const deltas = deltasOf(table, now, before)
    if (deltas.length === 0) continue
    const t = sql.table(table.name)
    const dims = table.dimensions.map((d) => d.column)
    const keyList = sql.raw(['span', 'day', ...dims].join(', '))
    const recordType = sql.raw(
      [
        'span text',
        'day date',
        ...table.dimensions.map((d) => `${d.column} ${d.type}`),
        ...MEASURE_NAMES.map((m) => `${m} ${m === 'handling_hours' ? 'double precision' : 'integer'}`),
      ].join(', '),
    )
    const increments = sql.raw(MEASURE_NAMES.map((m) => `${m} = ${table.name}.${m} + excluded.${m}`).join(', '))
    await sql`
      insert into ${t} (${keyList}, ${measureList})
      select ${keyList}, ${measureList} from jsonb_to_recordset(${JSON.stringify(deltas)}::jsonb) as r(${recordType})
      on conflict (${keyList}) do update set ${increments}`.execute(db)
    // Only a row that lost a case can be left with none (a new report or a step moves no case out of its rows). Each
    // is found by its key, by equality so that the unique index finds it, null-safe for the dimensions that may be
    // null (the key is NULLS NOT DISTINCT: a case with no assignee). Deleting by (span, day) alone read every row of
    // the day and of the month, for each table, at every pass: at a city's size (14 million rows a table) that ran
    // most of every second beside the reports (pnpm bench city).
    const emptied = deltas.filter((d) => d.reported < 0)
    if (emptied.length === 0) continue
    const sameKey = sql.join(
      [
        sql`t.span = e.span`,
        sql`t.day = e.day`,
        ...table.dimensions.map(({ column, nullable }) =>
          nullable
            ? sql`${sql.ref(`t.${column}`)} is not distinct from ${sql.ref(`e.${column}`)}`
            : sql`${sql.ref(`t.${column}`)} = ${sql.ref(`e.${column}`)}`,
        ),
      ],
      sql` and `,
    )
    await sql`
      delete from ${sql.table(table.name).as('t')}
      using jsonb_to_recordset(${JSON.stringify(emptied)}::jsonb) as e(${recordType})
      where ${sameKey} and t.reported = 0`.execute(db)
  }
  await writeCaseCounts(db, now)
}
