import { useTranslation } from 'react-i18next'
import { NavLink, Outlet } from 'react-router'
import { useAppConfig } from '../config/app-config.tsx'
import { navPlaces, PLACES } from '../session/access.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { LanguageSwitch } from './language-switch.tsx'
import { UserMenu } from './user-menu.tsx'
import { NotificationBell } from '../notifications/notification-bell.tsx'
import './app-shell.css'

/**
 * The frame every signed-in page shares: product name, street, the navigation the user's role may use (from the
 * access table, the same one the route guards read), language and the signed-in user. Pages render in <main>.
 */
export function AppShell() {
  const { t } = useTranslation()
  const { resource } = useAppConfig()
  const user = useCurrentUser()
  const streetName = resource.status === 'ready' ? resource.data.street.name : null
  const places = navPlaces(user.role)

  return (
    <div className="app-shell">
      <header className="app-header">
        <div className="app-brand">
          <span className="app-brand-name">
            <span lang="zh-CN">网格</span>
            <span className="app-brand-latin"> Wangge</span>
          </span>
          {streetName && (
            <span className="app-street" lang="zh-CN">
              {streetName}
            </span>
          )}
        </div>
        {/* One destination is no navigation: phones keep the room for the user and the sign-out button. */}
        <nav className={places.length > 1 ? 'app-nav' : 'app-nav app-nav-single'} aria-label={t('nav.label')}>
          {places.map((place) => (
            <NavLink key={place} to={PLACES[place].path} end>
              {t(`nav.${place}`)}
            </NavLink>
          ))}
        </nav>
        <NotificationBell />
        <LanguageSwitch />
        <UserMenu />
      </header>
      <main className="app-main">
        <Outlet />
      </main>
    </div>
  )
}
