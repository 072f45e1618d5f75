import { Type } from '@sinclair/typebox'
import { MOBILE_PHONE_PATTERN, ROLES, type Role } from '@wangge/accounts'

export const LoginBody = Type.Object({
  phone: Type.String({ pattern: MOBILE_PHONE_PATTERN, description: '手机号（登录名）/ mainland mobile number' }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
})

export const Me = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phone: Type.String(),
  role: Type.Unsafe<Role>(Type.String({ enum: [...ROLES] })),
  department: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })]),
  grids: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), level: Type.Unsafe<1 | 2 | 3>(Type.Integer({ minimum: 1, maximum: 3 })), name: Type.String() })),
})
