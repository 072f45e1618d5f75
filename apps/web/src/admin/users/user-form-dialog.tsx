import { ROLES } from '@wangge/accounts'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Department, User } from '../../api/account-types.ts'
import type { ApiResource } from '../../api/use-api-query.ts'
import { createUser, updateUser, type NewUser } from '../../api/users.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { roleName } from '../../i18n/role-name.ts'
import { Dialog } from '../dialog.tsx'
import { TextField } from '../text-field.tsx'
import { GridScopeField } from './grid-scope-field.tsx'
import { parseGridCodes, resolveGridCodes } from './grid-directory.ts'
import { serverMessageIn } from '../../i18n/server-message.ts'
import {
  checkGrids,
  checkValues,
  fieldErrorsFrom,
  initialValues,
  MIN_PASSWORD_LENGTH,
  usesDepartment,
  usesGrids,
  type FieldErrors,
  type UserFormValues,
} from './user-form-values.ts'

interface UserFormDialogProps {
  /** The user to edit; null creates one. */
  user: User | null
  departments: ApiResource<Department[]>
  departmentLabel: (department: Department) => string
  onSaved: (user: User) => void
  onClose: () => void
}

/** Create or edit a user: name, role, and the grids or department the role needs (phone and password on create). */
export function UserFormDialog({ user, departments, departmentLabel, onSaved, onClose }: UserFormDialogProps) {
  const { t, i18n } = useTranslation()
  const creating = user === null
  const [values, setValues] = useState<UserFormValues>(() => initialValues(user))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  // Editing a field clears what was said about it: a stale "too short" under a fixed password misleads.
  const set = (field: keyof UserFormValues) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors(({ [field]: _cleared, ...rest }) => rest)
  }
  const fieldError = (field: keyof UserFormValues): string | null => {
    const error = errors[field]
    if (!error) return null
    return 'problem' in error
      ? t(`users.errors.${error.problem}`, { min: MIN_PASSWORD_LENGTH })
      : serverMessageIn(error.serverMessage, i18n.resolvedLanguage)
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setFailure(null)
    const found = checkValues(values, creating)
    setErrors(found)
    if (Object.keys(found).length > 0) return
    setSending(true)
    try {
      const scope = await scopeOf(values)
      if ('gridCodes' in scope) return setErrors(scope)
      const body = { name: values.name.trim(), role: values.role, ...scope }
      const saved = creating
        ? await createUser({ ...body, phone: values.phone.trim(), password: values.password } satisfies NewUser)
        : await updateUser(user.id, body)
      onSaved(saved)
    } catch (error) {
      const fields = fieldErrorsFrom(error)
      if (fields) setErrors(fields)
      else setFailure(errorMessage(t, error instanceof Error ? error : new Error(String(error))))
    } finally {
      setSending(false)
    }
  }

  return (
    <Dialog title={creating ? t('users.create') : t('users.editTitle', { name: user.name })} onClose={onClose}>
      <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate data-testid="user-form">
        <TextField
          label={t('users.fields.name')}
          name="name"
          value={values.name}
          onChange={set('name')}
          error={fieldError('name')}
        />
        {creating && (
          <>
            <TextField
              label={t('users.fields.phone')}
              name="phone"
              type="tel"
              value={values.phone}
              onChange={set('phone')}
              error={fieldError('phone')}
            />
            <TextField
              label={t('users.fields.password')}
              name="password"
              type="password"
              autoComplete="new-password"
              value={values.password}
              onChange={set('password')}
              error={fieldError('password')}
              hint={t('users.hints.password', { min: MIN_PASSWORD_LENGTH })}
            />
          </>
        )}
        <label>
          <span>{t('users.fields.role')}</span>
          <select name="role" value={values.role} onChange={(event) => set('role')(event.target.value)}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleName(t, role)}
              </option>
            ))}
          </select>
        </label>
        {usesGrids(values.role) && (
          <GridScopeField
            value={values.gridCodes}
            onChange={set('gridCodes')}
            error={fieldError('gridCodes')}
            unitGridsOnly={values.role === 'worker'}
          />
        )}
        {usesDepartment(values.role) && (
          <label>
            <span>{t('users.fields.department')}</span>
            <select
              name="departmentId"
              value={values.departmentId}
              onChange={(event) => set('departmentId')(event.target.value)}
            >
              <option value="">{t('users.noDepartment')}</option>
              {departments.status === 'ready' &&
                departments.data.map((department) => (
                  <option key={department.id} value={department.id}>
                    {departmentLabel(department)}
                  </option>
                ))}
            </select>
            {fieldError('departmentId') && <span className="field-error">{fieldError('departmentId')}</span>}
          </label>
        )}
        {!usesGrids(values.role) && !usesDepartment(values.role) && (
          <p className="field-hint">{t('users.hints.streetWide')}</p>
        )}
        {failure && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary-button" disabled={sending}>
            {sending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

/**
 * The role's scope as the API takes it: grid ids for grid roles, a department for handlers, nothing otherwise
 * (the API refuses grids or a department on a role that has none). Or what is wrong with the grid codes.
 */
async function scopeOf(
  values: UserFormValues,
): Promise<Pick<NewUser, 'gridIds' | 'departmentId'> | Required<Pick<FieldErrors, 'gridCodes'>>> {
  if (usesDepartment(values.role))
    return { gridIds: [], departmentId: values.departmentId ? Number(values.departmentId) : null }
  if (!usesGrids(values.role)) return { gridIds: [], departmentId: null }
  const resolved = await resolveGridCodes(parseGridCodes(values.gridCodes))
  if (resolved.unknown.length > 0) return { gridCodes: { problem: 'unknownGrids' } }
  const { gridCodes } = checkGrids(values.role, resolved.grids)
  if (gridCodes) return { gridCodes }
  return { gridIds: resolved.grids.map((grid) => grid.id), departmentId: null }
}
