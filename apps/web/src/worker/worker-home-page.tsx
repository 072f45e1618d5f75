import { useTranslation } from 'react-i18next'
import { levelName } from '../i18n/level-name.ts'
import { LazyGridMapView } from '../map/lazy-grid-map-view.tsx'
import { useCurrentUser } from '../session/current-user.tsx'
import '../styles/home-page.css'
import './worker-home.css'

/**
 * `/m`, the grid worker's phone page: which grid is theirs, in words first (it shows before the map has loaded
 * on a slow network), then on the map with their scope highlighted. Tasks and reporting join this page later.
 */
export function WorkerHomePage() {
  const { t } = useTranslation()
  const user = useCurrentUser()

  return (
    <div className="home-page">
      <section className="home-card" aria-labelledby="worker-grids-title">
        <h1 id="worker-grids-title">{t('worker.myGrids')}</h1>
        {user.grids.length === 0 ? (
          <p className="home-note">{t('worker.noGrids')}</p>
        ) : (
          <ul className="worker-grids">
            {user.grids.map((grid) => (
              <li key={grid.id}>
                <span className="home-title">{grid.name}</span>
                <span className="worker-grid-meta">
                  {levelName(t, grid.level)} ·{' '}
                  <span className="grid-code" data-testid="worker-grid-code">
                    {grid.code}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="home-note">{t('worker.comingSoon')}</p>
      </section>
      <LazyGridMapView showScope />
    </div>
  )
}
