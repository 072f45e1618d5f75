import { parseIsoDate } from './shanghai-day.ts'
import type { CalendarDay } from './working-calendar.ts'

export type CalendarProblemKind =
  | 'INVALID_YEAR'
  | 'NOT_A_LIST'
  | 'TOO_MANY_DAYS'
  | 'NOT_AN_OBJECT'
  | 'UNKNOWN_FIELD'
  | 'INVALID_DATE'
  | 'OUTSIDE_YEAR'
  | 'DUPLICATE_DATE'
  | 'INVALID_WORKING'
  | 'INVALID_NOTE'

/** One reason an admin's calendar year is refused, naming the entry (by position and date) it concerns. */
export interface CalendarProblem {
  kind: CalendarProblemKind
  index: number | null
  date: string | null
  message: string
}

/** A validated calendar day: `note` is trimmed, and null when absent or blank. */
export interface CalendarYearDay extends CalendarDay {
  readonly note: string | null
}

export type CalendarYearResult = { ok: true; days: CalendarYearDay[] } | { ok: false; problems: CalendarProblem[] }

export const MAX_NOTE_LENGTH = 100
const FIELDS = new Set(['date', 'working', 'note'])

/**
 * Checks the body of `PUT /api/calendar/{year}`: a list of `{ date, working, note? }` with ISO dates inside that
 * year, each date once. Returns the days sorted by date, or every problem found (messages in zh-CN / English).
 */
export function parseCalendarYear(year: number, input: unknown): CalendarYearResult {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    return refuse([problem('INVALID_YEAR', null, null, `年份 ${String(year)} 无效 / year must be a four-digit number`)])
  }
  if (!Array.isArray(input))
    return refuse([problem('NOT_A_LIST', null, null, '应为日期列表 / expected a list of days')])
  if (input.length > 366) {
    return refuse([
      problem(
        'TOO_MANY_DAYS',
        null,
        null,
        `一年最多 366 天，收到 ${input.length} 条 / at most 366 days in a year, got ${input.length}`,
      ),
    ])
  }
  const problems: CalendarProblem[] = []
  const days: CalendarYearDay[] = []
  const firstIndexByDate = new Map<string, number>()
  input.forEach((entry: unknown, index) => {
    const before = problems.length
    const day = checkEntry(year, entry, index, problems)
    if (day === undefined || problems.length > before) return
    const seen = firstIndexByDate.get(day.date)
    if (seen !== undefined) {
      problems.push(
        problem(
          'DUPLICATE_DATE',
          index,
          day.date,
          `日期 ${day.date} 重复（与第 ${seen} 条相同）/ duplicate date, also entry ${seen}`,
        ),
      )
      return
    }
    firstIndexByDate.set(day.date, index)
    days.push(day)
  })
  if (problems.length > 0) return refuse(problems)
  return { ok: true, days: days.sort((a, b) => (a.date < b.date ? -1 : 1)) }
}

function checkEntry(
  year: number,
  entry: unknown,
  index: number,
  problems: CalendarProblem[],
): CalendarYearDay | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(
      problem(
        'NOT_AN_OBJECT',
        index,
        null,
        `第 ${index} 条应为 { date, working, note } / entry ${index} must be an object`,
      ),
    )
    return undefined
  }
  const { date, working, note } = entry as Record<string, unknown>
  const dateText = typeof date === 'string' ? date : null
  for (const key of Object.keys(entry)) {
    if (!FIELDS.has(key))
      problems.push(
        problem('UNKNOWN_FIELD', index, dateText, `第 ${index} 条有未知字段 ${key} / unknown field '${key}'`),
      )
  }
  if (dateText === null || parseIsoDate(dateText) === undefined) {
    problems.push(
      problem(
        'INVALID_DATE',
        index,
        dateText,
        `第 ${index} 条日期无效，应为 YYYY-MM-DD / date must be a real 'YYYY-MM-DD' date`,
      ),
    )
  } else if (!dateText.startsWith(`${year}-`)) {
    problems.push(
      problem('OUTSIDE_YEAR', index, dateText, `日期 ${dateText} 不在 ${year} 年内 / date is outside ${year}`),
    )
  }
  if (typeof working !== 'boolean') {
    problems.push(
      problem(
        'INVALID_WORKING',
        index,
        dateText,
        `第 ${index} 条 working 应为 true 或 false / working must be true or false`,
      ),
    )
  }
  const noteText = typeof note === 'string' ? note.trim() : null
  if (
    !(note === undefined || note === null || typeof note === 'string') ||
    (noteText !== null && noteText.length > MAX_NOTE_LENGTH)
  ) {
    problems.push(
      problem(
        'INVALID_NOTE',
        index,
        dateText,
        `第 ${index} 条备注应为不超过 ${MAX_NOTE_LENGTH} 字的文字 / note must be text of at most ${MAX_NOTE_LENGTH} characters`,
      ),
    )
  }
  if (dateText === null || typeof working !== 'boolean') return undefined
  return { date: dateText, working, note: noteText === '' ? null : noteText }
}

function problem(
  kind: CalendarProblemKind,
  index: number | null,
  date: string | null,
  message: string,
): CalendarProblem {
  return { kind, index, date, message }
}

function refuse(problems: CalendarProblem[]): CalendarYearResult {
  return { ok: false, problems }
}
