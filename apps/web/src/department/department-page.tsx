import { useTranslation } from 'react-i18next'
import { departmentName, useDepartments } from '../api/use-departments.ts'
import { LazyGridMapView } from '../map/lazy-grid-map-view.tsx'
import { useCurrentUser } from '../session/current-user.tsx'
import '../styles/home-page.css'

/**
 * `/department`, a department handler's home: their department and the street map. Cases dispatched to the
 * department arrive with the incidents issue; until then the page says so rather than show an empty inbox.
 */
export function DepartmentPage() {
  const { t, i18n } = useTranslation()
  const user = useCurrentUser()
  const english = i18n.resolvedLanguage === 'en'
  // Only the English interface needs the list: the session already carries the Chinese name.
  const departments = useDepartments(english && user.department !== null)
  const name = user.department && departmentName(user.department, departments, i18n.resolvedLanguage)

  return (
    <div className="home-page">
      <section className="home-card" aria-labelledby="department-title">
        <h1 id="department-title">{t('department.title')}</h1>
        <span className="home-title" data-testid="department-name">
          {name ?? t('department.none')}
        </span>
        <p className="home-note">{t('department.casesLater')}</p>
      </section>
      {/* A department works across the whole street, so its map is the plain street, not a scope. */}
      <LazyGridMapView showScope={false} />
    </div>
  )
}

