import { useTranslation } from 'react-i18next'
import { Navigate, Outlet, useLocation } from 'react-router'
import { errorMessage } from '../i18n/error-message.ts'
import { PageLoading } from '../app/page-loading.tsx'
import { useSession } from './current-user.tsx'
import type { LoginLocationState } from './login-location-state.ts'

/**
 * Lets its child routes render only for a signed-in user; anyone else goes to /login, carrying the page they
 * wanted so the login can bring them back. After a deliberate sign-out there is nothing to come back to.
 */
export function RequireSignIn() {
  const { t } = useTranslation()
  const { session, retry } = useSession()
  const location = useLocation()

  switch (session.status) {
    case 'loading':
      return <PageLoading />
    case 'error':
      return (
        <div className="page-message">
          <p role="alert">{errorMessage(t, session.error)}</p>
          <button type="button" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      )
    case 'signedOut': {
      const state: LoginLocationState | undefined =
        session.reason === 'logout' ? undefined : { from: location, expired: session.reason === 'expired' }
      return <Navigate to="/login" replace state={state} />
    }
    case 'signedIn':
      return <Outlet />
  }
}
