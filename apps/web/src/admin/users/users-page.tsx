import { isRole } from '@wangge/accounts'
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { DepartmentRef, User } from '../../api/account-types.ts'
import { fetchUsers, updateUser, type UserFilters } from '../../api/users.ts'
import { departmentName, useDepartments } from '../../api/use-departments.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { useCurrentUser } from '../../session/current-user.tsx'
import { LoadMore } from '../load-more.tsx'
import { useCursorList } from '../use-cursor-list.ts'
import { ResetPasswordDialog } from './reset-password-dialog.tsx'
import { UserFiltersBar } from './user-filters.tsx'
import { UserFormDialog } from './user-form-dialog.tsx'
import { UsersTable } from './users-table.tsx'
import '../admin.css'

type Open = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | null
type Notice = { kind: 'done' | 'failed'; text: string } | null

/**
 * `/admin/users`: everyone who can sign in, filtered by role and text, a page at a time. Changes update their
 * row in place instead of reloading every page already shown. Filters live in the URL so a view can be shared.
 */
export function UsersPage() {
  const { t, i18n } = useTranslation()
  const self = useCurrentUser()
  const [params, setParams] = useSearchParams()
  const filters = filtersFrom(params)
  const list = useCursorList(['users', filters], (cursor, signal) => fetchUsers(filters, cursor, signal))
  const departments = useDepartments()
  const departmentLabel = useCallback(
    (department: DepartmentRef) => departmentName(department, departments, i18n.resolvedLanguage),
    [departments, i18n.resolvedLanguage],
  )
  const [open, setOpen] = useState<Open>(null)
  const [notice, setNotice] = useState<Notice>(null)
  const { update } = list

  const replace = useCallback(
    (saved: User) => update((items) => items.map((item) => (item.id === saved.id ? saved : item))),
    [update],
  )

  async function toggleActive(user: User) {
    if (user.active && !window.confirm(t('users.confirmDeactivate', { name: user.name }))) return
    try {
      replace(await updateUser(user.id, { active: !user.active }))
      setNotice({ kind: 'done', text: t(user.active ? 'users.deactivated' : 'users.reactivated', { name: user.name }) })
    } catch (error) {
      setNotice({ kind: 'failed', text: errorMessage(t, error instanceof Error ? error : new Error(String(error))) })
    }
  }

  return (
    <div className="admin-page">
      <header className="admin-header">
        <h1>{t('users.title')}</h1>
        <button type="button" className="primary-button" onClick={() => setOpen({ kind: 'create' })}>
          {t('users.create')}
        </button>
      </header>
      {/* Keyed by the URL's filters so Back and Forward refill the search box, not only the list. */}
      <UserFiltersBar key={params.toString()} value={filters} onChange={(next) => setParams(paramsFrom(next))} />
      {notice && (
        <p className="page-notice" role={notice.kind === 'failed' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {list.items.length > 0 && (
        <UsersTable
          users={list.items}
          selfId={self.id}
          departmentLabel={departmentLabel}
          onEdit={(user) => setOpen({ kind: 'edit', user })}
          onResetPassword={(user) => setOpen({ kind: 'password', user })}
          onToggleActive={(user) => void toggleActive(user)}
        />
      )}
      <LoadMore list={list} />
      {(open?.kind === 'create' || open?.kind === 'edit') && (
        <UserFormDialog
          user={open.kind === 'edit' ? open.user : null}
          departments={departments}
          departmentLabel={departmentLabel}
          onClose={() => setOpen(null)}
          onSaved={(saved) => {
            if (open.kind === 'edit') replace(saved)
            else update((items) => [saved, ...items])
            setNotice({
              kind: 'done',
              text: t(open.kind === 'edit' ? 'users.saved' : 'users.created', { name: saved.name }),
            })
            setOpen(null)
          }}
        />
      )}
      {open?.kind === 'password' && (
        <ResetPasswordDialog
          user={open.user}
          onClose={() => setOpen(null)}
          onDone={() => {
            setNotice({ kind: 'done', text: t('users.passwordReset', { name: open.user.name }) })
            setOpen(null)
          }}
        />
      )}
    </div>
  )
}

function filtersFrom(params: URLSearchParams): UserFilters {
  const role = params.get('role')
  return { role: isRole(role) ? role : undefined, q: params.get('q') || undefined }
}

function paramsFrom(filters: UserFilters): URLSearchParams {
  const params = new URLSearchParams()
  if (filters.role) params.set('role', filters.role)
  if (filters.q) params.set('q', filters.q)
  return params
}
