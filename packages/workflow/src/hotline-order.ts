import type { IncidentState } from './incident-state.ts'
import { transitionFor } from './transitions.ts'

/** Where a 12345 hotline work order stands with the city, beside its case's own workflow state. */
export const HOTLINE_ORDER_STATUSES = ['received', 'signed', 'replied', 'finished', 'returned'] as const
export type HotlineOrderStatus = (typeof HOTLINE_ORDER_STATUSES)[number]
/** What the street answers the city (签收, 回单, 退单) and what the city tells it back (回访). */
export type HotlineStep = 'sign' | 'reply' | 'return' | 'revisit'
export const REVISIT_OUTCOMES = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const
export type RevisitOutcome = (typeof REVISIT_OUTCOMES)[number]

interface HotlineStepRule {
  readonly from: readonly HotlineOrderStatus[]
  /** The case's state the step also needs, if any. */
  readonly caseIn?: readonly IncidentState[]
}

/** The one table of an order's steps: every check of the API and every button of the web reads it. */
export const HOTLINE_ORDER_STEPS: { readonly [S in HotlineStep]: HotlineStepRule } = {
  sign: { from: ['received'] },
  // 回单 carries the handling result: the case must have been verified and closed first.
  reply: { from: ['signed'], caseIn: ['closed'] },
  // 退单 sends an order the street cannot take back to the city, before any handling result went out.
  return: { from: ['received', 'signed'] },
  revisit: { from: ['replied'] },
}

const STEP_NAMES: Record<HotlineStep, string> = { sign: '签收', reply: '回单', return: '退单', revisit: '回访' }
const STATUS_NAMES: Record<HotlineOrderStatus, string> = {
  received: '待签收',
  signed: '办理中',
  replied: '待回访',
  finished: '已办结',
  returned: '已退单',
}

/** Why `step` may not be taken on an order now (zh-CN, then English), or undefined when it may. */
export function hotlineStepProblem(
  step: HotlineStep,
  order: HotlineOrderStatus,
  caseState: IncidentState,
): string | undefined {
  const rule = HOTLINE_ORDER_STEPS[step]
  if (!rule.from.includes(order))
    return `工单${STATUS_NAMES[order]}，不能${STEP_NAMES[step]} / an order that is ${order} cannot take ${step}`
  if (rule.caseIn && !rule.caseIn.includes(caseState))
    return `案件结案后才能${STEP_NAMES[step]} / ${step} needs the case closed first`
  return undefined
}

/** The steps an order can take now, in the table's order. */
export function hotlineStepsAllowed(order: HotlineOrderStatus, caseState: IncidentState): HotlineStep[] {
  return (Object.keys(HOTLINE_ORDER_STEPS) as HotlineStep[]).filter(
    (step) => hotlineStepProblem(step, order, caseState) === undefined,
  )
}

/** Where each step leaves the order; a dissatisfied revisit puts it back in the street's hands (办理中). */
export function orderStatusAfter(step: HotlineStep, outcome?: RevisitOutcome): HotlineOrderStatus {
  switch (step) {
    case 'sign':
      return 'signed'
    case 'reply':
      return 'replied'
    case 'return':
      return 'returned'
    case 'revisit':
      return outcome === 'dissatisfied' ? 'signed' : 'finished'
  }
}

/**
 * A dissatisfied revisit is a failed verification found after closing: the case goes where a failed verification
 * sends it (rework, to the same assignees on a fresh clock), read from the workflow table rather than restated.
 */
export const REVISIT_REWORK_STATE: IncidentState = transitionFor('handled', 'verify', { passed: false })!
