import { Type, type Static } from '@sinclair/typebox'
import { Text } from './schema-types.ts'

/** An exception to the weekend rule: a public holiday (`working: false`) or a make-up working day. */
export const CalendarDay = Type.Object({ date: Type.String(), working: Type.Boolean(), note: Type.String() })
export type CalendarDay = Static<typeof CalendarDay>

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) })

/** A whole year's exceptions, replacing the stored ones; the API checks the days belong to the year. */
export const CalendarYearBody = Type.Array(
  Type.Object({
    date: Type.String({ maxLength: 10 }),
    working: Type.Boolean(),
    note: Type.Optional(Text({ maxLength: 200 })),
  }),
  { maxItems: 366 },
)
export type CalendarYearBody = Static<typeof CalendarYearBody>
