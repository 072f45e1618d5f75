import { describe, expect, it } from 'vitest'
import { newOutboxItem, type OutboxItem } from '../src/outbox/outbox-item.ts'
import { statusAfterPending, stepsOffered } from '../src/worker/tasks/task-steps.ts'

function step(action: 'accept' | 'return' | 'feedback', state: OutboxItem['state'], incidentId = '42'): OutboxItem {
  const item = newOutboxItem(7, `id-${action}-${state}`, {
    kind: 'action',
    caseNumber: 'DY-1',
    step: { incidentId, action, text: 'x', photos: [] },
  })
  return { ...item, state }
}

describe('a task with steps still on the phone', () => {
  it('shows a task accepted offline as in progress, and offers the report-back', () => {
    const { status, pending } = statusAfterPending('dispatched', [step('accept', 'waiting')], '42')
    expect({ status, pending }).toEqual({ status: 'in_progress', pending: ['accept'] })
    expect(stepsOffered(status, ['accept', 'return'], pending)).toEqual(['feedback'])
  })

  it('ignores steps already sent or refused, and steps of other cases', () => {
    const outbox = [step('accept', 'sent'), step('feedback', 'refused'), step('accept', 'waiting', '43')]
    expect(statusAfterPending('dispatched', outbox, '42')).toEqual({ status: 'dispatched', pending: [] })
  })

  it('offers only what the server allows when nothing is pending', () => {
    expect(stepsOffered('dispatched', ['accept'], [])).toEqual(['accept'])
    expect(stepsOffered('dispatched', null, [])).toEqual(['accept', 'return'])
    expect(stepsOffered('handled', null, [])).toEqual([])
  })
})
