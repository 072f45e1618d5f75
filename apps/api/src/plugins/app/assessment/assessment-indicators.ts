import type { AssessmentSheetKind } from '@wangge/contract'

/**
 * The assessment's indicators, one table for the whole rule (like @wangge/workflow's table): which sheet each
 * belongs to, how it reads, and whether more is better. Admins set each one's weight and target
 * (`assessment_weights`); `score` turns a row's figures into 0–100.
 */
export interface Indicator {
  key: string
  zh: string
  en: string
  /** 'higher': more is better (achievement value/target, capped at 1); 'lower': at or under the target is full marks, above it target/value. */
  better: 'higher' | 'lower'
  unit: 'count' | 'rate' | 'hours'
}

export const INDICATORS: Record<AssessmentSheetKind, readonly Indicator[]> = {
  worker: [
    { key: 'reports', zh: '上报数', en: 'reports', better: 'higher', unit: 'count' },
    { key: 'validRate', zh: '有效上报率', en: 'valid report rate', better: 'higher', unit: 'rate' },
    { key: 'coverage', zh: '巡查覆盖率', en: 'patrol coverage', better: 'higher', unit: 'rate' },
    { key: 'patrolHours', zh: '巡查时长(小时)', en: 'patrol hours', better: 'higher', unit: 'hours' },
    { key: 'selfHandled', zh: '自行处置数', en: 'self-handled', better: 'higher', unit: 'count' },
  ],
  department: [
    { key: 'onTimeRate', zh: '按期处置率', en: 'on-time handling rate', better: 'higher', unit: 'rate' },
    { key: 'reworkRate', zh: '返工率', en: 'rework rate', better: 'lower', unit: 'rate' },
    { key: 'extensionRate', zh: '延期率', en: 'extension rate', better: 'lower', unit: 'rate' },
    { key: 'avgHandlingHours', zh: '平均处置时长(小时)', en: 'average handling hours', better: 'lower', unit: 'hours' },
  ],
  community: [
    { key: 'validRate', zh: '有效上报率', en: 'valid report rate', better: 'higher', unit: 'rate' },
    { key: 'onTimeRate', zh: '按期处置率', en: 'on-time handling rate', better: 'higher', unit: 'rate' },
    { key: 'closeRate', zh: '结案率', en: 'closure rate', better: 'higher', unit: 'rate' },
    { key: 'coverage', zh: '巡查覆盖率', en: 'patrol coverage', better: 'higher', unit: 'rate' },
  ],
}

export type Weights = Record<AssessmentSheetKind, Record<string, { weight: number; target: number }>>

/** How far a figure reaches its target, 0–1. */
function achievement(indicator: Indicator, value: number, target: number): number {
  if (indicator.better === 'higher') return target <= 0 ? 1 : Math.min(1, value / target)
  return value <= target ? 1 : value === 0 ? 1 : Math.max(0, target / value)
}

/**
 * A row's score out of 100: the weighted mean of its indicators' achievements. An indicator with no figure (a rate
 * with nothing to divide: a department sent no case) counts neither for nor against, so its weight is left out.
 */
export function score(
  kind: AssessmentSheetKind,
  figures: Record<string, number | null>,
  weights: Weights[AssessmentSheetKind],
): number {
  let earned = 0
  let possible = 0
  for (const indicator of INDICATORS[kind]) {
    const value = figures[indicator.key]
    const w = weights[indicator.key]
    if (value === null || value === undefined || !w || w.weight <= 0) continue
    earned += w.weight * achievement(indicator, value, w.target)
    possible += w.weight
  }
  return possible === 0 ? 0 : Math.round((earned / possible) * 1000) / 10
}

/** Competition ranks by score, highest first (1, 1, 3): equal scores share a rank. */
export function ranks(scores: readonly number[]): number[] {
  return scores.map((s) => 1 + scores.filter((other) => other > s).length)
}
