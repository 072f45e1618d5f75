import { describe, expect, it } from 'vitest'
import { DEFAULT_LADDER, dueAt, dueLadderSteps, ladderStepAt, parseLadderSteps } from '../src/index.ts'
import { at, china2026, show } from './shanghai-time.ts'

describe('escalation ladder', () => {
  // Friday 2026-09-18 16:00, two working days: Saturday is off, Sunday 09-20 is a make-up working day (国庆调休).
  const calendar = china2026()
  const dispatchedAt = at('2026-09-18 16:00')
  const due = dueAt(calendar, dispatchedAt, { unit: 'days', amount: 2 })

  it('puts each default step at its share of the handling time, in working time across a weekend and a make-up day', () => {
    expect(show(due)).toBe('2026-09-21 16:00')
    const [yellow, red, escalated] = DEFAULT_LADDER.map((step) => show(ladderStepAt(calendar, dispatchedAt, due, step)))
    // 75 % of 15 h = 11.25 h: 1.5 h on Friday, 7.5 h on the make-up Sunday, 2.25 h on Monday morning.
    expect(yellow).toBe('2026-09-21 10:45')
    expect(red).toBe('2026-09-21 16:00')
    // 150 % = 22.5 h: Friday 1.5 + Sunday 7.5 + Monday 7.5 + Tuesday 6 h.
    expect(escalated).toBe('2026-09-22 16:00')
  })

  it('says which steps are due now and when the next one is, from the steps already taken', () => {
    const clock = { dispatchedAt, dueAt: due }
    expect(dueLadderSteps(calendar, DEFAULT_LADDER, clock, 0, at('2026-09-21 10:44'))).toEqual({
      due: [],
      nextAt: at('2026-09-21 10:45'),
    })
    const late = dueLadderSteps(calendar, DEFAULT_LADDER, clock, 0, at('2026-09-21 16:00'))
    expect(late.due.map((d) => d.step.level)).toEqual(['yellow', 'red'])
    expect(late.nextAt).toEqual(at('2026-09-22 16:00'))
    expect(dueLadderSteps(calendar, DEFAULT_LADDER, clock, 3, at('2026-12-01 00:00'))).toEqual({
      due: [],
      nextAt: null,
    })
  })

  it('refuses a ladder whose steps do not rise or tell nobody', () => {
    const result = parseLadderSteps([
      { percent: 80, level: 'yellow', notify: ['assignee'] },
      { percent: 80, level: 'red', notify: [] },
    ])
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems).toEqual(['第 2 级：时限比例须高于上一级', '第 2 级：须选择通知对象'])
    expect(parseLadderSteps(DEFAULT_LADDER).ok).toBe(true)
  })
})
