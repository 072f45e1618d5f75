import { Navigate, Outlet } from 'react-router'
import { homePath, mayUse, type Place } from './access.ts'
import { useCurrentUser } from './current-user.tsx'
import { ForbiddenPage } from './forbidden-page.tsx'

interface RequireRoleProps {
  place: Place
  /**
   * For the site's entry (`/`): a role without the map is sent to its own home instead of a 403, because
   * typing the bare address is how people arrive, not a mistake.
   */
  redirectOthersHome?: boolean
}

/** Renders the place's page for the roles the access table allows; others see the 403 page. */
export function RequireRole({ place, redirectOthersHome = false }: RequireRoleProps) {
  const user = useCurrentUser()
  if (mayUse(user.role, place)) return <Outlet />
  if (redirectOthersHome) return <Navigate to={homePath(user.role)} replace />
  return <ForbiddenPage />
}
