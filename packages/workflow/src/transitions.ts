import type { ActionInput, IncidentAction } from './incident-action.ts'
import { INCIDENT_ACTIONS } from './incident-action.ts'
import type { IncidentState } from './incident-state.ts'
import type { Actor, Assignment } from './assignment.ts'
import { NO_ASSIGNMENT, hasAssignment, isAssignee } from './assignment.ts'
import type { ActionRule, TransitionTarget } from './workflow-table.ts'
import { INCIDENT_WORKFLOW } from './workflow-table.ts'
import {
  INPUT_MESSAGES,
  illegalTransitionMessage,
  notAssigneeMessage,
  wrongRoleMessage,
  type InputProblem,
} from './messages.ts'
import { firstInputProblem } from './validate-input.ts'

/** What the workflow needs to know about an incident. */
export interface WorkflowIncident {
  readonly state: IncidentState
  readonly assignment: Assignment
  /** The running SLA due time, if any: an extension must go past it. */
  readonly dueAt?: Date | null
}

/** What the API must change besides the state (and the history row every step writes). */
export interface TransitionEffects {
  /** Store this assignment (dispatch). */
  readonly assignment?: Assignment
  /** Drop the assignment (return: the case was misdirected). */
  readonly clearAssignment?: true
  /** Start the SLA clock now, the due time counted from the category's limit (dispatch, and rework). */
  readonly startSla?: true
  /** Stop the SLA clock and drop the due time (return: the next dispatch starts a fresh one). */
  readonly stopSla?: true
  /** reworkCount + 1 (verification failed). */
  readonly rework?: true
  /** New due time; extensionCount + 1. */
  readonly extend?: Date
}

export type RefusalReason = 'ILLEGAL_TRANSITION' | 'FORBIDDEN' | 'INVALID_INPUT'

export type TransitionResult =
  | { readonly ok: true; readonly from: IncidentState; readonly to: IncidentState; readonly effects: TransitionEffects }
  | { readonly ok: false; readonly reason: RefusalReason; readonly message: string; readonly problem?: InputProblem }

export interface TransitionContext {
  readonly actor: Actor
  readonly now: Date
}

function resolveTarget(target: TransitionTarget, passed: boolean): IncidentState {
  if (typeof target === 'string') return target
  return passed ? target.passed : target.failed
}

/**
 * Where `action` takes an incident in `state`, or undefined when it may not be taken there. Verification goes to
 * `closed` unless told `{ passed: false }`.
 */
export function transitionFor(
  state: IncidentState,
  action: IncidentAction,
  verdict: { readonly passed: boolean } = { passed: true },
): IncidentState | undefined {
  const target = INCIDENT_WORKFLOW[action].from[state]
  return target === undefined ? undefined : resolveTarget(target, verdict.passed)
}

function permissionProblem(action: IncidentAction, rule: ActionRule, incident: WorkflowIncident, actor: Actor) {
  if (!rule.roles.includes(actor.role)) return wrongRoleMessage(action, rule.roles)
  if (rule.assigneeOnly && !isAssignee(actor, incident.assignment)) return notAssigneeMessage(action)
  return undefined
}

/** The actions `actor` may take on `incident` now, in workflow order: the buttons the web shows. */
export function allowedActions(incident: WorkflowIncident, actor: Actor): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((action) => {
    const rule = INCIDENT_WORKFLOW[action]
    return rule.from[incident.state] !== undefined && permissionProblem(action, rule, incident, actor) === undefined
  })
}

/** Dispatched and in-progress incidents are someone's work: they must never be left without an assignee. */
function needsAssignee(state: IncidentState): boolean {
  switch (state) {
    case 'dispatched':
    case 'in_progress':
      return true
    case 'reported':
    case 'registered':
    case 'rejected':
    case 'handled':
    case 'closed':
      return false
  }
}

type ActionRequest = { [A in IncidentAction]: { readonly action: A; readonly input: ActionInput<A> } }[IncidentAction]

function effectsOf(request: ActionRequest): TransitionEffects {
  switch (request.action) {
    case 'dispatch': {
      const { userId, departmentId } = request.input
      return { assignment: { userId: userId ?? null, departmentId: departmentId ?? null }, startSla: true }
    }
    case 'return':
      return { clearAssignment: true, stopSla: true }
    case 'verify':
      // Rework keeps the assignment: the same people redo it, on a fresh clock.
      return request.input.passed ? {} : { rework: true, startSla: true }
    case 'extend':
      return { extend: request.input.dueAt }
    case 'register':
    case 'reject':
    case 'accept':
    case 'feedback':
      return {}
  }
}

function assignmentAfter(incident: WorkflowIncident, effects: TransitionEffects): Assignment {
  if (effects.assignment) return effects.assignment
  return effects.clearAssignment ? NO_ASSIGNMENT : incident.assignment
}

/**
 * Checks one step in order — may it happen in this state (else 409), may this actor take it (else 403), is the
 * input complete (else 400) — and says where it leads and what else the API must change.
 */
export function nextState<A extends IncidentAction>(
  incident: WorkflowIncident,
  action: A,
  input: ActionInput<A>,
  { actor, now }: TransitionContext,
): TransitionResult {
  const rule = INCIDENT_WORKFLOW[action]
  const target = rule.from[incident.state]
  if (target === undefined) {
    return { ok: false, reason: 'ILLEGAL_TRANSITION', message: illegalTransitionMessage(incident.state, action) }
  }
  const forbidden = permissionProblem(action, rule, incident, actor)
  if (forbidden !== undefined) return { ok: false, reason: 'FORBIDDEN', message: forbidden }
  const invalid = firstInputProblem(rule.requires, input, { now, currentDue: incident.dueAt ?? null })
  if (invalid !== undefined)
    return { ok: false, reason: 'INVALID_INPUT', problem: invalid, message: INPUT_MESSAGES[invalid] }

  const request = { action, input } as ActionRequest
  const to = resolveTarget(target, request.action === 'verify' ? request.input.passed : true)
  const effects = effectsOf(request)
  // A self-handled report that fails verification has nobody to send the rework to, unless the API recorded the
  // reporter as its assignee.
  if (needsAssignee(to) && !hasAssignment(assignmentAfter(incident, effects))) {
    return { ok: false, reason: 'ILLEGAL_TRANSITION', message: INPUT_MESSAGES.noAssignee }
  }
  return { ok: true, from: incident.state, to, effects }
}
