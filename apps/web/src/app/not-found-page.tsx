import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { homePath } from '../session/access.ts'
import { useCurrentUser } from '../session/current-user.tsx'

export function NotFoundPage() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  return (
    <div className="page-message">
      <h1>{t('notFound.title')}</h1>
      <Link to={homePath(user.role)}>{t('notFound.back')}</Link>
    </div>
  )
}
