import { isRole, ROLES, type Role } from '@wangge/accounts'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { UserFilters } from '../../api/users.ts'
import { roleName } from '../../i18n/role-name.ts'

interface UserFiltersProps {
  value: UserFilters
  onChange: (filters: UserFilters) => void
}

/** Role applies on change (one click); the text on submit, so every keystroke is not a request. */
export function UserFiltersBar({ value, onChange }: UserFiltersProps) {
  const { t } = useTranslation()
  const [text, setText] = useState(value.q ?? '')

  function submit(event: FormEvent) {
    event.preventDefault()
    onChange({ ...value, q: text.trim() || undefined })
  }

  return (
    <form className="filter-bar" role="search" onSubmit={submit}>
      <label>
        {t('users.fields.role')}
        <select
          name="role"
          value={value.role ?? ''}
          onChange={(event) =>
            onChange({ ...value, role: isRole(event.target.value) ? (event.target.value as Role) : undefined })
          }
        >
          <option value="">{t('users.allRoles')}</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {roleName(t, role)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('users.search')}
        <input
          type="search"
          name="q"
          value={text}
          maxLength={50}
          placeholder={t('users.searchPlaceholder')}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <button type="submit">{t('common.filter')}</button>
    </form>
  )
}
