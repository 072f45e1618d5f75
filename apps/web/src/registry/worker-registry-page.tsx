import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { HouseRow } from '@wangge/contract'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { useGridRegistry } from './registry-api.ts'
import './registry.css'

/**
 * `/m/registry` (走访): the worker's unit grid as its houses, building by building, each with how many live there and
 * when it was last visited; a house opens to its residents and the visit form. Numbers are masked here as anywhere.
 */
export function WorkerRegistryPage() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const unitGrids = user.grids.filter((g) => g.level === 3)
  return (
    <div className="registry-phone">
      <h1>{t('registry.phone.title')}</h1>
      {unitGrids.length === 0 && <p>{t('registry.phone.noGrid')}</p>}
      {unitGrids.map((g) => (
        <GridHouses key={g.id} gridId={g.id} name={g.name} />
      ))}
    </div>
  )
}

function GridHouses({ gridId, name }: { gridId: number; name: string }) {
  const { t, i18n } = useTranslation()
  const registry = useGridRegistry(gridId)
  if (registry.error)
    return <p role="alert">{t('registry.loadFailed', { message: errorMessage(t, registry.error) })}</p>
  if (!registry.data) return <p role="status">{t('registry.loading')}</p>
  const byBuilding = new Map<number, HouseRow[]>()
  for (const h of registry.data.houses) byBuilding.set(h.buildingId, [...(byBuilding.get(h.buildingId) ?? []), h])
  return (
    <section className="registry-grid" aria-label={name}>
      <h2>
        {name} ·{' '}
        {t('registry.counts', { residents: registry.data.residents.length, houses: registry.data.houses.length })}
      </h2>
      {registry.data.buildings.map((b) => (
        <div key={b.id} className="registry-building">
          <h3>{b.name}</h3>
          <ul className="registry-houses">
            {(byBuilding.get(b.id) ?? []).map((h) => (
              <li key={h.id}>
                <Link to={`/m/registry/houses/${h.id}`} className="registry-house-link" data-testid={`house-${h.id}`}>
                  <span className="registry-house-number">
                    {t('registry.houseNumber', { unit: h.unit, number: h.number })}
                  </span>
                  <span>
                    {t(`registry.occupancy.${h.occupancy}`)} · {t('registry.people', { count: h.residents })}
                  </span>
                  <span className="registry-muted">
                    {h.lastVisitAt
                      ? t('registry.lastVisit', { time: formatTime(h.lastVisitAt, i18n.language) })
                      : t('registry.neverVisited')}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}
