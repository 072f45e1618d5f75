import { Type, type Static } from '@sinclair/typebox'

export const Alive = Type.Object({ status: Type.Literal('ok') })
export type Alive = Static<typeof Alive>

export const Ready = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Boolean(),
})
export type Ready = Static<typeof Ready>
