import { describe, expect, it } from 'vitest'
import {
  INCIDENT_STATES,
  INCIDENT_WORKFLOW,
  isOverdue,
  OPEN_STATES,
  SLA_RUNNING_STATES,
  type IncidentState,
} from '../src/index.ts'

const NOW = Date.parse('2026-10-09T02:00:00.000Z')

function due(status: IncidentState, dueAt: string | null) {
  return { status, dueAt }
}

describe('OPEN_STATES', () => {
  it('holds every state an action can still leave, in workflow order', () => {
    expect(OPEN_STATES).toEqual(['reported', 'registered', 'dispatched', 'in_progress', 'handled'])
  })
})

describe('SLA_RUNNING_STATES', () => {
  it('are the states whose due time a supervisor may extend: the ones where a deadline binds', () => {
    expect([...SLA_RUNNING_STATES].sort()).toEqual(Object.keys(INCIDENT_WORKFLOW.extend.from).sort())
  })
})

describe('isOverdue', () => {
  it('counts a dispatched or accepted case past its due time', () => {
    expect(isOverdue(due('dispatched', '2026-10-09T09:59:59.999+08:00'), NOW)).toBe(true)
    expect(isOverdue(due('in_progress', '2026-10-08T17:30:00.000+08:00'), NOW)).toBe(true)
  })

  it('does not count a case due exactly now or later', () => {
    expect(isOverdue(due('dispatched', '2026-10-09T10:00:00.000+08:00'), NOW)).toBe(false)
    expect(isOverdue(due('in_progress', '2026-10-10T10:00:00.000+08:00'), NOW)).toBe(false)
  })

  it('never counts a case whose clock is not running, however late its due time', () => {
    const late = '2026-01-01T00:00:00.000+08:00'
    const notRunning = INCIDENT_STATES.filter((s) => s !== 'dispatched' && s !== 'in_progress')
    expect(notRunning.filter((s) => isOverdue(due(s, late), NOW))).toEqual([])
  })

  it('does not count a case without a due time', () => {
    expect(isOverdue(due('dispatched', null), NOW)).toBe(false)
  })
})
