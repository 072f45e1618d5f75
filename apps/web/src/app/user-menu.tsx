import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../i18n/error-message.ts'
import { roleName } from '../i18n/role-name.ts'
import { useCurrentUser, useSession } from '../session/current-user.tsx'

/** Who is signed in (name and role, so a shared screen shows whose session it is) and the way out. */
export function UserMenu() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const { signOut } = useSession()
  const [leaving, setLeaving] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)

  async function leave() {
    setLeaving(true)
    setFailure(null)
    try {
      await signOut()
    } catch (error) {
      setFailure(errorMessage(t, error instanceof Error ? error : new Error(String(error))))
      setLeaving(false)
    }
  }

  return (
    <div className="user-menu" data-testid="current-user">
      <span className="user-identity">
        <span className="user-name">{user.name}</span>
        <span className="user-role" data-testid="current-role">
          {roleName(t, user.role)}
        </span>
      </span>
      <button type="button" className="logout-button" onClick={() => void leave()} disabled={leaving}>
        {t('session.logout')}
      </button>
      {failure && (
        <p className="user-menu-error" role="alert">
          {t('session.logoutFailed')} {failure}
        </p>
      )}
    </div>
  )
}
