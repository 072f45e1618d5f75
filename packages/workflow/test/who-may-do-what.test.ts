import { describe, expect, it } from 'vitest'
import type { Role } from '@wangge/accounts'
import type { ActionInput, Assignment, IncidentAction, IncidentState } from '../src/index.ts'
import { INCIDENT_ACTIONS, INCIDENT_STATES, allowedActions, nextState } from '../src/index.ts'
import {
  MY_DEPARTMENT,
  ME,
  OTHER_DEPARTMENT,
  SOMEONE_ELSE,
  ZH_THEN_EN,
  actor,
  assigned,
  context,
  incident,
  validInput,
} from './fixtures.ts'

// Written from DESIGN.md and the issue, by hand, not read from the implementation's table.
const STATES = ['reported', 'registered', 'rejected', 'dispatched', 'in_progress', 'handled', 'closed']
const ACTIONS = ['register', 'reject', 'dispatch', 'accept', 'return', 'feedback', 'verify', 'extend']
const ROLES: Role[] = ['worker', 'supervisor', 'handler', 'manager', 'admin']

// from         action     to            who may
const LEGAL = `
   reported     register   registered    command
   reported     reject     rejected      command
   registered   dispatch   dispatched    command
   dispatched   accept     in_progress   assignee
   dispatched   return     registered    assignee
   in_progress  return     registered    assignee
   in_progress  feedback   handled       assignee
   handled      verify     closed        command
   dispatched   extend     dispatched    command
   in_progress  extend     in_progress   command
`
const legal = new Map(
  LEGAL.trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([from, action, to, who]) => [`${from} ${action}`, { to: to!, who: who! }]),
)

type Expected = { ok: true; to: string } | { ok: false; reason: 'ILLEGAL_TRANSITION' | 'FORBIDDEN' }

function expected(state: string, action: string, role: Role, isAssignee: boolean): Expected {
  const row = legal.get(`${state} ${action}`)
  if (!row) return { ok: false, reason: 'ILLEGAL_TRANSITION' }
  const permitted =
    row.who === 'command'
      ? role === 'supervisor' || role === 'admin'
      : (role === 'worker' || role === 'handler') && isAssignee
  return permitted ? { ok: true, to: row.to } : { ok: false, reason: 'FORBIDDEN' }
}

/** The assignment that makes `role` the assignee (or not): a worker by name, a handler by department. */
function assignmentFor(role: Role, isAssignee: boolean): Assignment {
  if (!isAssignee) return assigned(SOMEONE_ELSE, OTHER_DEPARTMENT)
  if (role === 'worker') return assigned(ME, OTHER_DEPARTMENT)
  if (role === 'handler') return assigned(SOMEONE_ELSE, MY_DEPARTMENT)
  return assigned(ME, MY_DEPARTMENT)
}

describe('the vocabulary', () => {
  it('has exactly the states and actions of the design', () => {
    expect([...INCIDENT_STATES]).toEqual(STATES)
    expect([...INCIDENT_ACTIONS]).toEqual(ACTIONS)
  })
})

const cases = STATES.flatMap((state) =>
  ACTIONS.flatMap((action) =>
    ROLES.flatMap((role) => [true, false].map((isAssignee) => ({ state, action, role, isAssignee }))),
  ),
)

describe('every state × action × role × assignee-or-not', () => {
  it('covers 7 × 8 × 5 × 2 combinations', () => {
    expect(cases).toHaveLength(560)
  })

  it.each(cases)('$state · $action · $role · assignee=$isAssignee', ({ state, action, role, isAssignee }) => {
    const subject = incident(state as IncidentState, assignmentFor(role, isAssignee))
    const who = actor(role)
    const want = expected(state, action, role, isAssignee)
    const a = action as IncidentAction

    const result = nextState(subject, a, validInput(a) as ActionInput<IncidentAction>, context(who))

    if (want.ok) {
      expect(result).toMatchObject({ ok: true, from: state, to: want.to })
    } else {
      expect(result).toMatchObject({ ok: false, reason: want.reason })
      if (!result.ok) expect(result.message).toMatch(ZH_THEN_EN)
    }
    expect(allowedActions(subject, who).includes(a)).toBe(want.ok)
  })
})
