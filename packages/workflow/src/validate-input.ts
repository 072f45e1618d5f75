import type { InputRequirement } from './workflow-table.ts'
import { INPUT_MESSAGES } from './messages.ts'

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

/** The message of the first requirement the input misses, or undefined when it meets them all. */
export function firstInputProblem(
  requires: readonly InputRequirement[],
  input: unknown,
  context: ValidationContext,
): string | undefined {
  // Inputs come from request bodies: check shapes at runtime rather than trust the static type.
  const fields: Fields = typeof input === 'object' && input !== null ? (input as Fields) : {}
  for (const requirement of requires) {
    const problem = problemWith(requirement, fields, context)
    if (problem !== undefined) return problem
  }
  return undefined
}

function problemWith(requirement: InputRequirement, fields: Fields, context: ValidationContext): string | undefined {
  switch (requirement) {
    case 'reason':
      return isFilled(fields.reason) ? undefined : INPUT_MESSAGES.reasonRequired
    case 'note':
      return isFilled(fields.note) ? undefined : INPUT_MESSAGES.noteRequired
    case 'target':
      return targetProblem(fields.userId, fields.departmentId)
    case 'verdict':
      if (typeof fields.passed !== 'boolean') return INPUT_MESSAGES.verdictRequired
      return fields.passed || isFilled(fields.note) ? undefined : INPUT_MESSAGES.failedVerdictNoteRequired
    case 'laterDue':
      return dueProblem(fields.dueAt, context)
  }
}

function targetProblem(userId: unknown, departmentId: unknown): string | undefined {
  const given = [userId, departmentId].filter((id) => id !== undefined && id !== null)
  if (given.length === 0) return INPUT_MESSAGES.targetRequired
  return given.every(isId) ? undefined : INPUT_MESSAGES.targetInvalid
}

function dueProblem(dueAt: unknown, { now, currentDue }: ValidationContext): string | undefined {
  if (!(dueAt instanceof Date) || Number.isNaN(dueAt.getTime())) return INPUT_MESSAGES.dueInvalid
  if (dueAt.getTime() <= now.getTime()) return INPUT_MESSAGES.dueNotFuture
  if (currentDue !== null && dueAt.getTime() <= currentDue.getTime()) return INPUT_MESSAGES.dueNotLater
  return undefined
}
