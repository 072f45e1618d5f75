import type { InputRequirement } from './workflow-table.ts'
import type { InputProblem } from './messages.ts'

export interface ValidationContext {
  readonly now: Date
  /** The incident's current due time, when it has one: an extension must go past it. */
  readonly currentDue: Date | null
}

type Fields = Readonly<Record<string, unknown>>

function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== ''
}

function isId(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
}

/** The first requirement the input misses, or undefined when it meets them all. */
export function firstInputProblem(
  requires: readonly InputRequirement[],
  input: unknown,
  context: ValidationContext,
): InputProblem | undefined {
  // Inputs come from request bodies: check shapes at runtime rather than trust the static type.
  const fields: Fields = typeof input === 'object' && input !== null ? (input as Fields) : {}
  for (const requirement of requires) {
    const problem = problemWith(requirement, fields, context)
    if (problem !== undefined) return problem
  }
  return undefined
}

function problemWith(
  requirement: InputRequirement,
  fields: Fields,
  context: ValidationContext,
): InputProblem | undefined {
  switch (requirement) {
    case 'reason':
      return isFilled(fields.reason) ? undefined : 'reasonRequired'
    case 'note':
      return isFilled(fields.note) ? undefined : 'noteRequired'
    case 'target':
      return targetProblem(fields.userId, fields.departmentId)
    case 'verdict':
      if (typeof fields.passed !== 'boolean') return 'verdictRequired'
      return fields.passed || isFilled(fields.note) ? undefined : 'failedVerdictNoteRequired'
    case 'laterDue':
      return dueProblem(fields.dueAt, context)
  }
}

function targetProblem(userId: unknown, departmentId: unknown): InputProblem | undefined {
  const given = [userId, departmentId].filter((id) => id !== undefined && id !== null)
  if (given.length === 0) return 'targetRequired'
  return given.every(isId) ? undefined : 'targetInvalid'
}

function dueProblem(dueAt: unknown, { now, currentDue }: ValidationContext): InputProblem | undefined {
  if (!(dueAt instanceof Date) || Number.isNaN(dueAt.getTime())) return 'dueInvalid'
  if (dueAt.getTime() <= now.getTime()) return 'dueNotFuture'
  if (currentDue !== null && dueAt.getTime() <= currentDue.getTime()) return 'dueNotLater'
  if (dueAt.getTime() > latestExtension(currentDue ?? now).getTime()) return 'dueTooFar'
  return undefined
}

/**
 * The furthest an extension may move a due time: a year past it (from now, when the clock is not running). A case
 * that needs longer is not a late case but another kind of work; and a far date (year 9999) is a typing slip that
 * would count as "on time" forever.
 */
export function latestExtension(currentDue: Date): Date {
  const limit = new Date(currentDue.getTime())
  limit.setUTCFullYear(limit.getUTCFullYear() + 1)
  return limit
}
