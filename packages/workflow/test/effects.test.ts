import { describe, expect, it } from 'vitest'
import { nextState } from '../src/index.ts'
import { ME, MY_DEPARTMENT, ZH_THEN_EN, actor, assigned, context, hoursFromNow, incident } from './fixtures.ts'

const supervisor = context(actor('supervisor'))
const worker = context(actor('worker'))

describe('what each step asks the API to change', () => {
  it('dispatch stores the assignment as given and starts the SLA clock', () => {
    expect(nextState(incident('registered'), 'dispatch', { userId: 11 }, supervisor)).toEqual({
      ok: true,
      from: 'registered',
      to: 'dispatched',
      effects: { assignment: { userId: 11, departmentId: null }, startSla: true },
    })
    expect(nextState(incident('registered'), 'dispatch', { departmentId: 2 }, supervisor)).toMatchObject({
      effects: { assignment: { userId: null, departmentId: 2 }, startSla: true },
    })
    expect(nextState(incident('registered'), 'dispatch', { userId: 11, departmentId: 2 }, supervisor)).toMatchObject({
      effects: { assignment: { userId: 11, departmentId: 2 } },
    })
  })

  it.each(['dispatched', 'in_progress'] as const)(
    'return from %s clears the assignment and stops the clock',
    (state) => {
      expect(nextState(incident(state, assigned(ME, null)), 'return', { reason: '派错人' }, worker)).toEqual({
        ok: true,
        from: state,
        to: 'registered',
        effects: { clearAssignment: true, stopSla: true },
      })
    },
  )

  it('a passed verification closes the case and changes nothing else', () => {
    expect(nextState(incident('handled', assigned(ME, null)), 'verify', { passed: true }, supervisor)).toEqual({
      ok: true,
      from: 'handled',
      to: 'closed',
      effects: {},
    })
  })

  it('a failed verification sends it back to the same assignee as rework, on a fresh clock', () => {
    const result = nextState(
      incident('handled', assigned(ME, MY_DEPARTMENT)),
      'verify',
      { passed: false, note: '仍有积水' },
      supervisor,
    )
    expect(result).toEqual({ ok: true, from: 'handled', to: 'dispatched', effects: { rework: true, startSla: true } })
  })

  it('a failed verification is refused when nobody is assigned to redo it', () => {
    const result = nextState(
      incident('handled', assigned(null, null)),
      'verify',
      { passed: false, note: '仍有积水' },
      supervisor,
    )
    expect(result).toMatchObject({ ok: false, reason: 'ILLEGAL_TRANSITION' })
    if (!result.ok) expect(result.message).toMatch(ZH_THEN_EN)
  })

  it.each(['dispatched', 'in_progress'] as const)(
    'extend in %s keeps the state and carries the new due time',
    (state) => {
      const dueAt = hoursFromNow(72)
      expect(nextState(incident(state, assigned(ME, null)), 'extend', { dueAt, reason: '等配件' }, supervisor)).toEqual(
        {
          ok: true,
          from: state,
          to: state,
          effects: { extend: dueAt },
        },
      )
    },
  )

  it('register, reject, accept and feedback change the state only', () => {
    expect(nextState(incident('reported'), 'register', {}, supervisor)).toMatchObject({ to: 'registered', effects: {} })
    expect(nextState(incident('reported'), 'reject', { reason: '重复' }, supervisor)).toMatchObject({
      to: 'rejected',
      effects: {},
    })
    const mine = incident('dispatched', assigned(ME, null))
    expect(nextState(mine, 'accept', {}, worker)).toEqual({
      ok: true,
      from: 'dispatched',
      to: 'in_progress',
      effects: {},
    })
    const working = incident('in_progress', assigned(ME, null))
    expect(nextState(working, 'feedback', { note: '已处理' }, worker)).toEqual({
      ok: true,
      from: 'in_progress',
      to: 'handled',
      effects: {},
    })
  })
})
