import { Type, type Static } from '@sinclair/typebox'

export const AssessmentSheetKind = Type.Union([
  Type.Literal('worker'),
  Type.Literal('department'),
  Type.Literal('community'),
])
export type AssessmentSheetKind = Static<typeof AssessmentSheetKind>

export const MonthParams = Type.Object({
  month: Type.String({ pattern: '^(19[7-9][0-9]|2[01][0-9]{2})-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
})

/** One assessed subject's row: its figures by indicator key (null: nothing to measure), score and rank. */
export const AssessmentRow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  figures: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
  score: Type.Number(),
  rank: Type.Integer(),
})
export type AssessmentRow = Static<typeof AssessmentRow>

export const AssessmentSheets = Type.Object({
  worker: Type.Array(AssessmentRow),
  department: Type.Array(AssessmentRow),
  community: Type.Array(AssessmentRow),
})
export type AssessmentSheets = Static<typeof AssessmentSheets>

/** A figure of a closed month that the live data now disagrees with (a case corrected after closing). */
export const AssessmentAdjustment = Type.Object({
  sheet: AssessmentSheetKind,
  id: Type.Integer(),
  name: Type.String(),
  indicator: Type.String({ description: '指标键，或 score / indicator key, or score' }),
  closed: Type.Union([Type.Number(), Type.Null()]),
  now: Type.Union([Type.Number(), Type.Null()]),
})
export type AssessmentAdjustment = Static<typeof AssessmentAdjustment>

export const AssessmentMonth = Type.Object({
  month: Type.String(),
  closed: Type.Union([Type.Object({ at: Type.String({ format: 'date-time' }), byName: Type.String() }), Type.Null()]),
  sheets: AssessmentSheets,
  adjustments: Type.Array(AssessmentAdjustment),
})
export type AssessmentMonth = Static<typeof AssessmentMonth>

export const AssessmentWeight = Type.Object(
  {
    sheet: AssessmentSheetKind,
    indicator: Type.String({ pattern: '^[a-zA-Z]{1,40}$' }),
    weight: Type.Number({ minimum: 0, maximum: 100 }),
    target: Type.Number({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
)
export type AssessmentWeight = Static<typeof AssessmentWeight>

export const AssessmentWeights = Type.Array(AssessmentWeight, { maxItems: 50 })
export type AssessmentWeights = Static<typeof AssessmentWeights>
