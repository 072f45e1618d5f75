import { useTranslation } from 'react-i18next'
import { Navigate, useLocation } from 'react-router'
import { LanguageSwitch } from '../app/language-switch.tsx'
import { pathAfterSignIn } from '../session/access.ts'
import { useSession } from '../session/current-user.tsx'
import { readLoginState } from '../session/login-location-state.ts'
import { LoginForm } from './login-form.tsx'
import './login-page.css'

/**
 * `/login`, outside the shell: the brand, the form, the language switch. A signed-in visitor (or one who has just
 * signed in) is sent on to where they were going, or to their role's home.
 */
export function LoginPage() {
  const { t } = useTranslation()
  const { session, signedIn } = useSession()
  const { from, expired } = readLoginState(useLocation().state)

  if (session.status === 'signedIn') return <Navigate to={pathAfterSignIn(session.user.role, from)} replace />

  return (
    <div className="login-page">
      <header className="login-top">
        <LanguageSwitch />
      </header>
      <main className="login-card">
        <h1 className="login-brand">
          <span lang="zh-CN">网格</span> Wangge
        </h1>
        <p className="login-subtitle">{t('login.subtitle')}</p>
        {expired && (
          <p className="login-notice" role="status">
            {t('login.expired')}
          </p>
        )}
        <LoginForm onSignedIn={signedIn} />
      </main>
    </div>
  )
}
