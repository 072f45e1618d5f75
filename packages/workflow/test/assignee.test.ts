import { describe, expect, it } from 'vitest'
import { INCIDENT_STATES, allowedActions, isAssignee } from '../src/index.ts'
import { ME, MY_DEPARTMENT, OTHER_DEPARTMENT, SOMEONE_ELSE, actor, assigned, incident } from './fixtures.ts'

describe('isAssignee', () => {
  it('knows a worker by name, not by department', () => {
    expect(isAssignee(actor('worker'), assigned(ME, null))).toBe(true)
    expect(isAssignee(actor('worker'), assigned(SOMEONE_ELSE, MY_DEPARTMENT))).toBe(false)
    expect(isAssignee(actor('worker'), assigned(null, MY_DEPARTMENT))).toBe(false)
  })
  it('knows a handler by department, not by name', () => {
    expect(isAssignee(actor('handler'), assigned(null, MY_DEPARTMENT))).toBe(true)
    expect(isAssignee(actor('handler'), assigned(SOMEONE_ELSE, MY_DEPARTMENT))).toBe(true)
    expect(isAssignee(actor('handler'), assigned(ME, OTHER_DEPARTMENT))).toBe(false)
  })
  it('never matches a missing department to a missing department', () => {
    expect(isAssignee(actor('handler', { departmentId: null }), assigned(SOMEONE_ELSE, null))).toBe(false)
    expect(isAssignee(actor('handler', { departmentId: null }), assigned(null, null))).toBe(false)
  })
  it('makes no supervisor, manager or admin an assignee', () => {
    for (const role of ['supervisor', 'manager', 'admin'] as const) {
      expect(isAssignee(actor(role), assigned(ME, MY_DEPARTMENT))).toBe(false)
    }
  })
})

describe('allowedActions', () => {
  it('lists the buttons in workflow order', () => {
    const mine = assigned(ME, null)
    expect(allowedActions(incident('dispatched', mine), actor('worker'))).toEqual(['accept', 'return'])
    expect(allowedActions(incident('in_progress', mine), actor('worker'))).toEqual(['return', 'feedback'])
    expect(allowedActions(incident('reported'), actor('supervisor'))).toEqual(['register', 'reject'])
    expect(allowedActions(incident('dispatched', mine), actor('admin'))).toEqual(['extend'])
  })
  it('gives a manager no buttons anywhere', () => {
    for (const state of INCIDENT_STATES) {
      expect(allowedActions(incident(state, assigned(ME, MY_DEPARTMENT)), actor('manager'))).toEqual([])
    }
  })
})
