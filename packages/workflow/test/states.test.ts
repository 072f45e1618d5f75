import { describe, expect, it } from 'vitest'
import type { IncidentAction, IncidentState } from '../src/index.ts'
import { INCIDENT_ACTIONS, INCIDENT_STATES, initialState, isOpen, isTerminal, transitionFor } from '../src/index.ts'

describe('initialState', () => {
  it('starts a report at reported', () => {
    expect(initialState({ selfHandled: false })).toBe('reported')
  })
  it('starts a problem fixed on the spot (自行处置) at handled, still to be verified', () => {
    expect(initialState({ selfHandled: true })).toBe('handled')
  })
})

describe('isOpen and isTerminal', () => {
  it('closes only rejected reports and closed cases', () => {
    const terminal = INCIDENT_STATES.filter(isTerminal)
    expect(terminal).toEqual(['rejected', 'closed'])
    expect(INCIDENT_STATES.filter(isOpen)).toEqual(['reported', 'registered', 'dispatched', 'in_progress', 'handled'])
  })
})

// Hand-written: the only targets there are; everything else is undefined.
const TARGETS: Record<string, IncidentState> = {
  'reported register': 'registered',
  'reported reject': 'rejected',
  'registered dispatch': 'dispatched',
  'dispatched accept': 'in_progress',
  'dispatched return': 'registered',
  'in_progress return': 'registered',
  'in_progress feedback': 'handled',
  'handled verify': 'closed',
  'dispatched extend': 'dispatched',
  'in_progress extend': 'in_progress',
}

describe('transitionFor', () => {
  const pairs = INCIDENT_STATES.flatMap((state) => INCIDENT_ACTIONS.map((action) => [state, action] as const))
  it.each(pairs)('%s · %s', (state: IncidentState, action: IncidentAction) => {
    expect(transitionFor(state, action)).toBe(TARGETS[`${state} ${action}`])
  })
  it('sends a failed verification back to dispatched', () => {
    expect(transitionFor('handled', 'verify', { passed: false })).toBe('dispatched')
    expect(transitionFor('handled', 'verify', { passed: true })).toBe('closed')
    expect(transitionFor('closed', 'verify', { passed: false })).toBeUndefined()
  })
  it('leaves no way out of a terminal state', () => {
    for (const state of INCIDENT_STATES.filter(isTerminal)) {
      expect(INCIDENT_ACTIONS.map((action) => transitionFor(state, action)).filter(Boolean)).toEqual([])
    }
  })
})
