import { Type } from '@sinclair/typebox'

/** The five roles as a schema (literals, so the TypeScript type is the Role union). */
export const RoleSchema = Type.Union([
  Type.Literal('worker'),
  Type.Literal('supervisor'),
  Type.Literal('handler'),
  Type.Literal('manager'),
  Type.Literal('admin'),
])
