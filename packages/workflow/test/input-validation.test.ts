import { describe, expect, it } from 'vitest'
import type { ActionInput, IncidentAction, WorkflowIncident } from '../src/index.ts'
import { latestExtension, nextState } from '../src/index.ts'
import { ME, ZH_THEN_EN, actor, assigned, context, hoursFromNow, incident, NOW } from './fixtures.ts'

const supervisor = context(actor('supervisor'))
const assignedWorker = context(actor('worker'))
const mine = assigned(ME, null)

function attempt(subject: WorkflowIncident, action: IncidentAction, input: unknown, who = supervisor) {
  return nextState(subject, action, input as ActionInput<IncidentAction>, who)
}

function expectInvalid(result: ReturnType<typeof attempt>, englishHint: RegExp) {
  expect(result).toMatchObject({ ok: false, reason: 'INVALID_INPUT' })
  if (!result.ok) {
    expect(result.message).toMatch(ZH_THEN_EN)
    expect(result.message).toMatch(englishHint)
  }
}

describe('a reason is required to reject and to return', () => {
  it.each([{}, { reason: '' }, { reason: '   ' }, { reason: 42 }])('refuses reject with %j', (input) => {
    expectInvalid(attempt(incident('reported'), 'reject', input), /reason is required/)
  })
  it.each(['dispatched', 'in_progress'] as const)('refuses return from %s without a reason', (state) => {
    expectInvalid(attempt(incident(state, mine), 'return', { reason: ' ' }, assignedWorker), /reason is required/)
  })
  it('accepts a written reason', () => {
    expect(attempt(incident('reported'), 'reject', { reason: '非本街道辖区' }).ok).toBe(true)
    expect(attempt(incident('dispatched', mine), 'return', { reason: '派错人' }, assignedWorker).ok).toBe(true)
  })
})

describe('feedback needs a note', () => {
  it.each([{}, { note: '' }, { note: '\n\t' }])('refuses %j', (input) => {
    expectInvalid(attempt(incident('in_progress', mine), 'feedback', input, assignedWorker), /note is required/)
  })
  it('accepts a note', () => {
    expect(attempt(incident('in_progress', mine), 'feedback', { note: '已清理' }, assignedWorker).ok).toBe(true)
  })
})

describe('dispatch needs a user or a department', () => {
  it.each([{}, { userId: null, departmentId: null }, { note: '尽快处理' }])(
    'refuses %j as having no target',
    (input) => {
      expectInvalid(attempt(incident('registered'), 'dispatch', input), /needs a user or a department/)
    },
  )
  it.each([{ userId: 0 }, { userId: 1.5 }, { departmentId: -2 }, { userId: '5' }, { userId: 5, departmentId: 0 }])(
    'refuses %j as a bad id',
    (input) => {
      expectInvalid(attempt(incident('registered'), 'dispatch', input), /id is not valid/)
    },
  )
  it.each([{ userId: 5 }, { departmentId: 2 }, { userId: 5, departmentId: 2 }, { userId: 5, departmentId: null }])(
    'accepts %j',
    (input) => {
      expect(attempt(incident('registered'), 'dispatch', input).ok).toBe(true)
    },
  )
})

describe('verify', () => {
  const handled = incident('handled', mine)
  it('needs to be told whether it passed', () => {
    expectInvalid(attempt(handled, 'verify', {}), /whether the verification passed/)
    expectInvalid(attempt(handled, 'verify', { passed: 'no', note: '未清理' }), /whether the verification passed/)
  })
  it('needs a note when it failed', () => {
    expectInvalid(attempt(handled, 'verify', { passed: false }), /failed verification needs a note/)
    expectInvalid(attempt(handled, 'verify', { passed: false, note: '  ' }), /failed verification needs a note/)
  })
  it('needs no note when it passed, and takes one when it failed', () => {
    expect(attempt(handled, 'verify', { passed: true })).toMatchObject({ ok: true, to: 'closed' })
    expect(attempt(handled, 'verify', { passed: false, note: '垃圾仍未清运' })).toMatchObject({
      ok: true,
      to: 'dispatched',
    })
  })
})

describe('extend needs a reason and a due time in the future, past the current one', () => {
  const open = (dueAt: Date | null = null) => incident('in_progress', mine, dueAt)
  it('refuses a due time that is not a valid time', () => {
    expectInvalid(attempt(open(), 'extend', { reason: '等配件', dueAt: new Date('nonsense') }), /not a valid time/)
    expectInvalid(attempt(open(), 'extend', { reason: '等配件', dueAt: '2030-01-01T00:00:00Z' }), /not a valid time/)
    expectInvalid(attempt(open(), 'extend', { reason: '等配件' }), /not a valid time/)
  })
  it('refuses now and the past', () => {
    expectInvalid(attempt(open(), 'extend', { reason: '等配件', dueAt: NOW }), /must be in the future/)
    expectInvalid(attempt(open(), 'extend', { reason: '等配件', dueAt: hoursFromNow(-1) }), /must be in the future/)
  })
  it('refuses a due time that does not go past the current one', () => {
    const current = hoursFromNow(24)
    expectInvalid(
      attempt(open(current), 'extend', { reason: '等配件', dueAt: hoursFromNow(12) }),
      /later than the current one/,
    )
    expectInvalid(attempt(open(current), 'extend', { reason: '等配件', dueAt: current }), /later than the current one/)
  })
  it('refuses an extension without a reason', () => {
    expectInvalid(attempt(open(), 'extend', { dueAt: hoursFromNow(48) }), /reason is required/)
  })
  it('accepts a later due time with a reason', () => {
    const result = attempt(open(hoursFromNow(24)), 'extend', { reason: '等配件', dueAt: hoursFromNow(25) })
    expect(result).toMatchObject({ ok: true, to: 'in_progress' })
  })
  it('refuses more than a year past the current due time (past now, when there is none), naming the problem', () => {
    const current = hoursFromNow(24 * 30)
    const yearLater = latestExtension(current)
    expect(yearLater.toISOString()).toBe(new Date(current.getTime() + 365 * 86_400_000).toISOString())
    expect(attempt(open(current), 'extend', { reason: '等配件', dueAt: yearLater }).ok).toBe(true)
    const tooFar = attempt(open(current), 'extend', { reason: '等配件', dueAt: new Date(yearLater.getTime() + 1) })
    expectInvalid(tooFar, /at most a year past the current due time/)
    expect(tooFar).toMatchObject({ problem: 'dueTooFar' })
    expectInvalid(
      attempt(open(), 'extend', { reason: '等配件', dueAt: new Date('9999-12-31T23:00:00Z') }),
      /at most a year/,
    )
    expect(attempt(open(), 'extend', { reason: '等配件', dueAt: hoursFromNow(24 * 300) }).ok).toBe(true)
  })
})

describe('the order of the checks', () => {
  it('says illegal before forbidden: nobody may reject a closed case', () => {
    expect(attempt(incident('closed'), 'reject', {}, context(actor('worker')))).toMatchObject({
      reason: 'ILLEGAL_TRANSITION',
    })
  })
  it('says forbidden before invalid input: a worker may not reject, whatever the reason', () => {
    expect(attempt(incident('reported'), 'reject', {}, context(actor('worker')))).toMatchObject({ reason: 'FORBIDDEN' })
  })
})
