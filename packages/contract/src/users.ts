import { Type, type Static } from '@sinclair/typebox'
import { MOBILE_PHONE_PATTERN } from '@wangge/accounts'
import { RoleSchema } from './role-schema.ts'
import { GridRef } from './grids.ts'
import { IntPageQuery, pageOf } from './pagination.ts'
import { Id, Text } from './schema-types.ts'

export const User = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phone: Type.String({ description: '除管理员外显示为 138****1234 / masked except for admins' }),
  role: RoleSchema,
  department: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })]),
  grids: Type.Array(GridRef),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})

export const UserPage = pageOf(User)

export const UserListQuery = Type.Object({
  role: Type.Optional(RoleSchema),
  grid: Type.Optional(Id()),
  q: Type.Optional(Text({ minLength: 1, maxLength: 50 })),
  ...IntPageQuery,
})

export const UserIdParams = Type.Object({ id: Id() })

// The policy (length included) is @wangge/accounts', checked by the service: 400 WEAK_PASSWORD names the rule.
const Password = Type.String({
  minLength: 1,
  maxLength: 200,
  description:
    '至少 10 个字符，不是常见密码，不含手机号 / at least 10 characters, not a common password, not containing the phone number',
})
const GridIds = Type.Array(Id(), { maxItems: 2000 })
const Name = Text({ minLength: 1, maxLength: 50 })

export const NewUserBody = Type.Object(
  {
    name: Name,
    phone: Type.String({ pattern: MOBILE_PHONE_PATTERN }),
    password: Password,
    role: RoleSchema,
    gridIds: GridIds,
    departmentId: Type.Union([Type.Null(), Id()]),
  },
  { additionalProperties: false },
)

export const UserChangesBody = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(RoleSchema),
    gridIds: Type.Optional(GridIds),
    departmentId: Type.Optional(Type.Union([Type.Null(), Id()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false })

export type User = Static<typeof User>
export type UserListQuery = Static<typeof UserListQuery>
export type NewUserBody = Static<typeof NewUserBody>
export type UserChangesBody = Static<typeof UserChangesBody>
