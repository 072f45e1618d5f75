import type { Role } from '@wangge/accounts'
import type { Actor, Assignment, IncidentAction, IncidentState, WorkflowIncident } from '../src/index.ts'

// Small builders; every test makes its own values.

export const NOW = new Date('2025-03-10T09:00:00+08:00')
export const hoursFromNow = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000)

export const ME = 7
export const MY_DEPARTMENT = 3
export const SOMEONE_ELSE = 8
export const OTHER_DEPARTMENT = 4

export function actor(role: Role, overrides: Partial<Actor> = {}): Actor {
  return { role, userId: ME, departmentId: MY_DEPARTMENT, ...overrides }
}

export function assigned(userId: number | null, departmentId: number | null): Assignment {
  return { userId, departmentId }
}

export function incident(
  state: IncidentState,
  assignment = assigned(null, null),
  dueAt: Date | null = null,
): WorkflowIncident {
  return { state, assignment, dueAt }
}

/** A complete, valid input for each action, so only the state and the actor decide the outcome. */
export function validInput(action: IncidentAction) {
  switch (action) {
    case 'register':
      return {}
    case 'reject':
      return { reason: '重复上报' }
    case 'dispatch':
      return { userId: 11 }
    case 'accept':
      return {}
    case 'return':
      return { reason: '不属于本部门职责' }
    case 'feedback':
      return { note: '已清理完毕' }
    case 'verify':
      return { passed: true }
    case 'extend':
      return { dueAt: hoursFromNow(48), reason: '需采购配件' }
  }
}

export const context = (who: Actor) => ({ actor: who, now: NOW })

/** "Chinese first, then English": CJK text, " / ", then an English sentence. */
export const ZH_THEN_EN = /^[^A-Za-z]*[\u4e00-\u9fff][^/]* \/ [A-Z][^\u4e00-\u9fff]*$/
