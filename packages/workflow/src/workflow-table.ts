import type { Role } from '@wangge/accounts'
import type { IncidentAction } from './incident-action.ts'
import type { IncidentState } from './incident-state.ts'

/** Verification is the one step with two outcomes. */
export interface VerdictTargets {
  readonly passed: IncidentState
  readonly failed: IncidentState
}
export type TransitionTarget = IncidentState | VerdictTargets

/** What an action's input must hold; each kind is checked in `validate-input.ts`. */
export type InputRequirement =
  /** `reason`: a non-blank string. */
  | 'reason'
  /** `note`: a non-blank string. */
  | 'note'
  /** `userId` and/or `departmentId`: at least one positive integer. */
  | 'target'
  /** `passed`: a boolean; when false, `note` is a non-blank string. */
  | 'verdict'
  /** `dueAt`: a valid time after now and after the current due time, at most a year past it (`latestExtension`). */
  | 'laterDue'

export interface ActionRule {
  /** The states this action may leave, each with where it goes. */
  readonly from: Partial<Readonly<Record<IncidentState, TransitionTarget>>>
  readonly roles: readonly Role[]
  /** The actor must also be the incident's assignee (see `isAssignee`). */
  readonly assigneeOnly: boolean
  readonly requires: readonly InputRequirement[]
}

// Admins may do whatever supervisors do (they stand in at the command centre); managers only read, so they
// appear in no row.
const SUPERVISING: readonly Role[] = ['supervisor', 'admin']
const ASSIGNEES: readonly Role[] = ['worker', 'handler']

/** The single source of the incident workflow: every function of this package reads this table. */
export const INCIDENT_WORKFLOW: { readonly [A in IncidentAction]: ActionRule } = {
  register: { from: { reported: 'registered' }, roles: SUPERVISING, assigneeOnly: false, requires: [] },
  reject: { from: { reported: 'rejected' }, roles: SUPERVISING, assigneeOnly: false, requires: ['reason'] },
  dispatch: { from: { registered: 'dispatched' }, roles: SUPERVISING, assigneeOnly: false, requires: ['target'] },
  accept: { from: { dispatched: 'in_progress' }, roles: ASSIGNEES, assigneeOnly: true, requires: [] },
  return: {
    from: { dispatched: 'registered', in_progress: 'registered' },
    roles: ASSIGNEES,
    assigneeOnly: true,
    requires: ['reason'],
  },
  feedback: { from: { in_progress: 'handled' }, roles: ASSIGNEES, assigneeOnly: true, requires: ['note'] },
  verify: {
    from: { handled: { passed: 'closed', failed: 'dispatched' } },
    roles: SUPERVISING,
    assigneeOnly: false,
    requires: ['verdict'],
  },
  // An extension moves the due time only; the state stays where it is.
  extend: {
    from: { dispatched: 'dispatched', in_progress: 'in_progress' },
    roles: SUPERVISING,
    assigneeOnly: false,
    requires: ['laterDue', 'reason'],
  },
}
