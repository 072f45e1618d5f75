import { addWorkingHours, workingHoursBetween } from './working-time.ts'
import type { WorkingCalendar } from './working-calendar.ts'

/** Who a ladder step tells: the case's assignee (worker or department handlers), its supervisors, the street's managers. */
export type LadderAudience = 'assignee' | 'supervisor' | 'manager'
export const LADDER_AUDIENCES: readonly LadderAudience[] = ['assignee', 'supervisor', 'manager']

/** How loud a step is: 黄牌 (a warning before time runs out), 红牌 (time is out), 督办升级 (escalated to leadership). */
export type LadderLevel = 'yellow' | 'red' | 'escalated'
export const LADDER_LEVELS: readonly LadderLevel[] = ['yellow', 'red', 'escalated']

export interface LadderStep {
  /** Share of the handling time (dispatch → due) in percent, counted in working time: 75 = three quarters of it. */
  readonly percent: number
  readonly level: LadderLevel
  readonly notify: readonly LadderAudience[]
}

/**
 * The street's default ladder (issue 19): yellow to the assignee at 75 % of the handling time, red to the assignee
 * and the supervisor at 100 %, escalated to the street's manager at 150 %. A sub-category may have its own.
 */
export const DEFAULT_LADDER: readonly LadderStep[] = [
  { percent: 75, level: 'yellow', notify: ['assignee'] },
  { percent: 100, level: 'red', notify: ['assignee', 'supervisor'] },
  { percent: 150, level: 'escalated', notify: ['manager'] },
]

export const MAX_LADDER_STEPS = 6
export const MAX_LADDER_PERCENT = 1000

/** A ladder as an admin sent it, or every problem with it (steps rising strictly, 1–1000 %, someone to tell). */
export function parseLadderSteps(
  steps: readonly LadderStep[],
): { ok: true; steps: LadderStep[] } | { ok: false; problems: string[] } {
  const problems: string[] = []
  if (steps.length === 0 || steps.length > MAX_LADDER_STEPS) problems.push(`阶梯须有 1–${MAX_LADDER_STEPS} 级`)
  steps.forEach((step, index) => {
    const n = index + 1
    if (!Number.isInteger(step.percent) || step.percent < 1 || step.percent > MAX_LADDER_PERCENT)
      problems.push(`第 ${n} 级：时限比例须为 1–${MAX_LADDER_PERCENT} 的整数`)
    else if (index > 0 && step.percent <= steps[index - 1]!.percent) problems.push(`第 ${n} 级：时限比例须高于上一级`)
    if (!LADDER_LEVELS.includes(step.level)) problems.push(`第 ${n} 级：级别无效`)
    if (step.notify.length === 0 || step.notify.some((a) => !LADDER_AUDIENCES.includes(a)))
      problems.push(`第 ${n} 级：须选择通知对象`)
  })
  if (problems.length) return { ok: false, problems }
  return { ok: true, steps: steps.map((s) => ({ ...s, notify: [...new Set(s.notify)] })) }
}

/**
 * When a ladder step falls due: `percent` of the working time between dispatch and due, counted from dispatch in
 * working time — so 75 % of a two-working-day limit dispatched on Friday afternoon lands on the next working day,
 * a make-up Saturday included, never on a weekend.
 */
export function ladderStepAt(
  calendar: WorkingCalendar,
  dispatchedAt: Date,
  dueAt: Date,
  step: Pick<LadderStep, 'percent'>,
): Date {
  const handlingHours = Math.max(0, workingHoursBetween(calendar, dispatchedAt, dueAt))
  return addWorkingHours(calendar, dispatchedAt, (handlingHours * step.percent) / 100)
}

/**
 * Where a case stands on its ladder at `now`: the steps from `taken` on that are due (in order), and when the next
 * one after them falls due (null when the ladder is done).
 */
export function dueLadderSteps(
  calendar: WorkingCalendar,
  ladder: readonly LadderStep[],
  clock: { dispatchedAt: Date; dueAt: Date },
  taken: number,
  now: Date,
): { due: { index: number; step: LadderStep }[]; nextAt: Date | null } {
  const due: { index: number; step: LadderStep }[] = []
  for (let index = taken; index < ladder.length; index += 1) {
    const step = ladder[index]!
    const at = ladderStepAt(calendar, clock.dispatchedAt, clock.dueAt, step)
    if (at.getTime() > now.getTime()) return { due, nextAt: at }
    due.push({ index, step })
  }
  return { due, nextAt: null }
}
