import { useTranslation } from 'react-i18next'
import { NavLink, Outlet } from 'react-router'
import { useAppConfig } from '../config/app-config.tsx'
import { LanguageSwitch } from './language-switch.tsx'
import './app-shell.css'

/**
 * The frame every page shares: product name, street, navigation, language. Pages render in <main>; later
 * issues add their links to the nav (login, worker pages, supervisor and manager views).
 */
export function AppShell() {
  const { t } = useTranslation()
  const { resource } = useAppConfig()
  const streetName = resource.status === 'ready' ? resource.data.street.name : null

  return (
    <div className="app-shell">
      <header className="app-header">
        <div className="app-brand">
          <span className="app-brand-name">
            <span lang="zh-CN">网格</span> Wangge
          </span>
          {streetName && (
            <span className="app-street" lang="zh-CN">
              {streetName}
            </span>
          )}
        </div>
        <nav className="app-nav" aria-label={t('nav.label')}>
          <NavLink to="/" end>
            {t('nav.map')}
          </NavLink>
        </nav>
        <LanguageSwitch />
      </header>
      <main className="app-main">
        <Outlet />
      </main>
    </div>
  )
}
