import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { homePath } from './access.ts'
import { useCurrentUser } from './current-user.tsx'

/** A page the signed-in role may not use: say so plainly and offer the way home. */
export function ForbiddenPage() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  return (
    <div className="page-message" data-testid="forbidden">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.explanation')}</p>
      <Link to={homePath(user.role)}>{t('forbidden.home')}</Link>
    </div>
  )
}
