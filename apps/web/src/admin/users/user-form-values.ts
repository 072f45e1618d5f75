import { isMobilePhone, PASSWORD_MIN_LENGTH, type Role } from '@wangge/accounts'
import { ApiError } from '../../api/api-error.ts'
import type { User } from '../../api/account-types.ts'

/** The user form as typed: every field a string, so inputs stay controlled and nothing is parsed early. */
export interface UserFormValues {
  name: string
  phone: string
  password: string
  role: Role
  gridCodes: string
  departmentId: string
}

export type UserField = keyof UserFormValues
/** What is wrong with a field: a problem the web words itself (i18n key), or the server's own sentence. */
export type FieldError = { problem: FieldProblem } | { serverMessage: string }
export type FieldErrors = Partial<Record<UserField, FieldError>>
export type FieldProblem =
  | 'required'
  | 'invalidPhone'
  | 'passwordShort'
  | 'phoneTaken'
  | 'unknownGrids'
  | 'gridsRequired'
  | 'unitGridsOnly'
  | 'invalid'

/** The server's rule (@wangge/accounts); the common-password and phone checks stay on the server, whose message is shown. */
export const MIN_PASSWORD_LENGTH = PASSWORD_MIN_LENGTH

/** Workers and supervisors are bound to grids; handlers to a department; managers and admins see the street. */
export function usesGrids(role: Role): boolean {
  return role === 'worker' || role === 'supervisor'
}

export function usesDepartment(role: Role): boolean {
  return role === 'handler'
}

export function initialValues(user: User | null): UserFormValues {
  return {
    name: user?.name ?? '',
    phone: '',
    password: '',
    role: user?.role ?? 'worker',
    gridCodes: user?.grids.map((grid) => grid.code).join(' ') ?? '',
    departmentId: user?.department ? String(user.department.id) : '',
  }
}

/** What can be told before asking the server; phone and password only matter when creating. */
export function checkValues(values: UserFormValues, creating: boolean): FieldErrors {
  const errors: FieldErrors = {}
  if (values.name.trim() === '') errors.name = { problem: 'required' }
  if (creating && !isMobilePhone(values.phone.trim())) errors.phone = { problem: 'invalidPhone' }
  if (creating && [...values.password].length < MIN_PASSWORD_LENGTH) errors.password = { problem: 'passwordShort' }
  if (usesGrids(values.role) && values.gridCodes.trim() === '') errors.gridCodes = { problem: 'gridsRequired' }
  if (usesDepartment(values.role) && values.departmentId === '') errors.departmentId = { problem: 'required' }
  return errors
}

/** The server's rule for the grids themselves, checked once the codes are resolved: workers work unit grids. */
export function checkGrids(role: Role, grids: readonly { level: number }[]): FieldErrors {
  return role === 'worker' && grids.some((grid) => grid.level !== 3) ? { gridCodes: { problem: 'unitGridsOnly' } } : {}
}

const FIELD_OF_BODY: Record<string, UserField> = {
  name: 'name',
  phone: 'phone',
  password: 'password',
  role: 'role',
  gridIds: 'gridCodes',
  departmentId: 'departmentId',
}

/** The server's refusal, pinned on the fields it names (`details[].field` like `body.phone`). */
export function fieldErrorsFrom(error: unknown): FieldErrors | null {
  if (!(error instanceof ApiError)) return null
  if (error.code === 'PHONE_TAKEN') return { phone: { problem: 'phoneTaken' } }
  if (error.statusCode !== 400 || !Array.isArray(error.details)) return null
  const errors: FieldErrors = {}
  for (const detail of error.details as { field?: unknown; message?: unknown }[]) {
    const name = typeof detail.field === 'string' ? detail.field.split('.').pop() : undefined
    const field = name === undefined ? undefined : FIELD_OF_BODY[name]
    if (!field) continue
    // Schema failures (`body.phone`) carry a validator's English; rule failures (`gridIds`) a sentence for people.
    const readable = typeof detail.message === 'string' && !detail.field?.toString().startsWith('body.')
    errors[field] = readable ? { serverMessage: detail.message as string } : { problem: 'invalid' }
  }
  return Object.keys(errors).length > 0 ? errors : null
}
