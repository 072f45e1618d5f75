import { Type, type Static } from '@sinclair/typebox'

/** A department as other replies name it (a user's, an incident's assignee). */
export const DepartmentRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })
export type DepartmentRef = Static<typeof DepartmentRef>

/** A department with its English name for the English interface. */
export const Department = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
})
export type Department = Static<typeof Department>
