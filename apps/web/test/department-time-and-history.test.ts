import { createWorkingCalendar } from '@wangge/sla'
import { describe, expect, it } from 'vitest'
import { queueOrder } from '../src/department/department-queues.ts'
import { workingTimeLeft } from '../src/department/working-time.ts'
import { historyMarks, lastReworkReason } from '../src/incidents/history-marks.ts'

// Mon–Fri, 08:30–12:00 and 13:30–17:30 Asia/Shanghai (7.5 working hours a day); 2026-10-01..07 is the National Day holiday.
const calendar = createWorkingCalendar([
  { date: '2026-10-01', working: false },
  { date: '2026-10-02', working: false },
])
const at = (local: string) => Date.parse(`${local}+08:00`)

describe('workingTimeLeft', () => {
  it('counts working days and hours, skipping the night and the weekend', () => {
    // Friday 16:30 to Tuesday 10:30: 1 h Friday + 7.5 h Monday + 2 h Tuesday = 10.5 h = 1 working day 3 hours.
    expect(workingTimeLeft(calendar, at('2026-11-27T16:30:00'), '2026-12-01T10:30:00+08:00')).toEqual({
      overdue: false,
      days: 1,
      hours: 3,
      minutes: 0,
    })
  })

  it('gives hours and minutes under a working day, and skips lunch', () => {
    expect(workingTimeLeft(calendar, at('2026-11-30T11:15:00'), '2026-11-30T14:00:00+08:00')).toEqual({
      overdue: false,
      days: 0,
      hours: 1,
      minutes: 15,
    })
  })

  it('skips holidays', () => {
    // Wednesday 17:00 → Monday 5 Oct 09:00 across the 1–2 Oct holiday and the weekend: 0.5 h + 0.5 h.
    expect(workingTimeLeft(calendar, at('2026-09-30T17:00:00'), '2026-10-05T09:00:00+08:00')).toMatchObject({
      days: 0,
      hours: 1,
      minutes: 0,
    })
  })

  it('says how late an overdue case is, in working time', () => {
    expect(workingTimeLeft(calendar, at('2026-11-30T10:00:00'), '2026-11-27T17:00:00+08:00')).toEqual({
      overdue: true,
      days: 0,
      hours: 2,
      minutes: 0,
    })
  })

  it('is overdue past the due time even when no working time has gone by (the same evening)', () => {
    expect(workingTimeLeft(calendar, at('2026-11-30T19:00:00'), '2026-11-30T17:30:00+08:00')).toEqual({
      overdue: true,
      days: 0,
      hours: 0,
      minutes: 0,
    })
  })
})

describe('historyMarks', () => {
  const step = (action: string, to: string, data: unknown = null, note: string | null = null) => ({
    action,
    to,
    data,
    note,
  })

  it('marks each failed verification as the next rework and a passing one as passed', () => {
    const history = [
      step('dispatch', 'dispatched'),
      step('feedback', 'handled'),
      step('verify', 'dispatched', { passed: false }, '井盖仍松动'),
      step('feedback', 'handled'),
      step('verify', 'dispatched', null, '周边积水'),
      step('feedback', 'handled'),
      step('verify', 'closed', { passed: true }),
    ]
    expect(historyMarks(history).map((m) => [m.verdict, m.rework])).toEqual([
      [null, null],
      [null, null],
      ['failed', 1],
      [null, null],
      ['failed', 2],
      [null, null],
      ['passed', null],
    ])
    expect(lastReworkReason(history)).toBe('周边积水')
    expect(lastReworkReason(history.slice(0, 2))).toBeNull()
  })
})

describe('queueOrder', () => {
  const item = (id: string, status: 'dispatched' | 'in_progress', dueAt: string | null) =>
    ({ id, status, dueAt }) as unknown as Parameters<typeof queueOrder>[0][number]

  it('puts overdue cases first, then the nearest due time, then those without one', () => {
    const now = at('2026-11-30T10:00:00')
    const cases = [
      item('1', 'in_progress', null),
      item('2', 'dispatched', '2026-12-03T10:00:00+08:00'),
      item('3', 'dispatched', '2026-11-29T10:00:00+08:00'),
      item('4', 'in_progress', '2026-12-01T10:00:00+08:00'),
    ]
    expect(queueOrder(cases, now).map((c) => c.id)).toEqual(['3', '4', '2', '1'])
  })
})
