import { Type, type Static } from '@sinclair/typebox'

export const SubCategory = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  defaultDepartmentId: Type.Union([Type.Integer(), Type.Null()]),
  dispatchLimitHours: Type.Number(),
  handlingLimit: Type.Object({
    unit: Type.Union([Type.Literal('hours'), Type.Literal('days')]),
    amount: Type.Number(),
  }),
})
export type SubCategory = Static<typeof SubCategory>

/** A first-level category (事件/部件 group) with its sub-categories. */
export const CategoryGroup = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  kind: Type.Union([Type.Literal('event'), Type.Literal('component')]),
  name: Type.String(),
  nameEn: Type.String(),
  children: Type.Array(SubCategory),
})
export type CategoryGroup = Static<typeof CategoryGroup>
