import { useTranslation } from 'react-i18next'
import type { DepartmentRef, User } from '../../api/account-types.ts'
import { formatTime } from '../../i18n/format-time.ts'
import { roleName } from '../../i18n/role-name.ts'

interface UsersTableProps {
  users: User[]
  /** The signed-in admin: they cannot deactivate themselves out of the system. */
  selfId: number
  departmentLabel: (department: DepartmentRef) => string
  onEdit: (user: User) => void
  onResetPassword: (user: User) => void
  onToggleActive: (user: User) => void
}

export function UsersTable({
  users,
  selfId,
  departmentLabel,
  onEdit,
  onResetPassword,
  onToggleActive,
}: UsersTableProps) {
  const { t, i18n } = useTranslation()
  const language = i18n.resolvedLanguage ?? i18n.language
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="users-table">
        <thead>
          <tr>
            <th>{t('users.fields.name')}</th>
            <th>{t('users.fields.phone')}</th>
            <th>{t('users.fields.role')}</th>
            <th>{t('users.columns.scope')}</th>
            <th>{t('users.columns.status')}</th>
            <th>{t('users.columns.createdAt')}</th>
            <th>
              <span className="visually-hidden">{t('users.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className={user.active ? undefined : 'row-inactive'}>
              <td className="nowrap">{user.name}</td>
              <td className="nowrap grid-code">{user.phone}</td>
              <td className="nowrap">{roleName(t, user.role)}</td>
              <td>{scopeText(user, departmentLabel) || t('users.streetWide')}</td>
              <td>
                <span className={user.active ? 'status-badge' : 'status-badge inactive'}>
                  {user.active ? t('users.active') : t('users.inactive')}
                </span>
              </td>
              <td className="nowrap">{formatTime(user.createdAt, language)}</td>
              <td>
                <div className="row-actions">
                  <button type="button" onClick={() => onEdit(user)}>
                    {t('common.edit')}
                  </button>
                  <button type="button" onClick={() => onResetPassword(user)}>
                    {t('users.resetPassword')}
                  </button>
                  {user.id !== selfId && (
                    <button type="button" onClick={() => onToggleActive(user)}>
                      {user.active ? t('users.deactivate') : t('users.reactivate')}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Grids by name (code on hover), or the department; empty for the street-wide roles. */
function scopeText(user: User, departmentLabel: (department: DepartmentRef) => string): string {
  const parts = user.grids.map((grid) => grid.name)
  if (user.department) parts.push(departmentLabel(user.department))
  return parts.join('、')
}
