import { Type, type Static } from '@sinclair/typebox'
import { MOBILE_PHONE_PATTERN } from '@wangge/accounts'
import { RoleSchema } from './role-schema.ts'
import { GridRef } from './grids.ts'

export const LoginBody = Type.Object({
  phone: Type.String({ pattern: MOBILE_PHONE_PATTERN, description: '手机号（登录名）/ mainland mobile number' }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
})

export const Me = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phone: Type.String(),
  role: RoleSchema,
  department: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })]),
  grids: Type.Array(GridRef),
})

export const ScopeGrids = Type.Object({ streetWide: Type.Boolean(), gridIds: Type.Array(Type.Integer()) })

export type LoginBody = Static<typeof LoginBody>
export type Me = Static<typeof Me>
export type ScopeGrids = Static<typeof ScopeGrids>
