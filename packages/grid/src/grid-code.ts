import type { GridLevel } from './grid-level.ts'

/**
 * Grid codes after the unit-grid layout of CJ/T 213:
 *   county (6) + street (3) + community (3)                    = 12 digits, level 1 (社区)
 *   community code + area sequence (2)                          = 14 digits, level 2 (片区)
 *   community code + unit-grid sequence within community (3)    = 15 digits, level 3 (单元网格)
 * A unit grid's code carries its community, not its area: CJ/T 213 numbers unit grids inside the community,
 * which keeps level-3 codes at the standard's 15 digits.
 */
export const GRID_CODE_LENGTH: Readonly<Record<GridLevel, number>> = { 1: 12, 2: 14, 3: 15 }

const DIGITS = /^\d+$/

export function isWellFormedGridCode(code: string, level: GridLevel): boolean {
  return DIGITS.test(code) && code.length === GRID_CODE_LENGTH[level]
}

/** The 12-digit community code every grid code starts with. */
export function communityCodeOf(code: string): string {
  return code.slice(0, GRID_CODE_LENGTH[1])
}

/** Whether a child's code is consistent with its parent's: an area extends its community, a unit grid shares it. */
export function isCodeConsistentWithParent(childCode: string, parentCode: string, parentLevel: GridLevel): boolean {
  return parentLevel === 1
    ? childCode.startsWith(parentCode)
    : communityCodeOf(childCode) === communityCodeOf(parentCode)
}

export function formatSequence(sequence: number, width: number): string {
  return String(sequence).padStart(width, '0')
}
