import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../api/account-types.ts'
import type { GpsState } from './use-gps-position.ts'
import type { GridAtPoint } from './use-grid-at.ts'

// Leaflet is the heavy part of the page: the form is usable (GPS, category, photos) before the map arrives.
const PinMap = lazy(() => import('./pin-map.tsx'))

export interface ReportPosition {
  lng: number
  lat: number
  /** Metres from the GPS; null once the worker has placed the pin by hand. */
  accuracy: number | null
}

interface LocationPickerProps {
  gps: GpsState
  position: ReportPosition | null
  grid: GridAtPoint
  user: Me
  onMove: (point: { lng: number; lat: number }) => void
}

/** Where the problem is: the GPS fix with its accuracy, a pin to drag, and the grid found there at once. */
export function LocationPicker({ gps, position, grid, user, onMove }: LocationPickerProps) {
  const { t } = useTranslation()
  // The map's place, held while the map loads and while the first fix is awaited: appearing later, the map pushed
  // the categories and the "fixed on the spot" box down under a finger about to tap them.
  const mapPlace = <div className="pin-map" aria-hidden="true" />
  return (
    <fieldset className="location-picker">
      <legend>{t('worker.location.title')}</legend>
      <p className="worker-note" data-testid="gps-status">
        {position === null
          ? t(`worker.location.gps.${gps.status === 'found' ? 'locating' : gps.status}`)
          : position.accuracy === null
            ? t('worker.location.byHand')
            : t('worker.location.accuracy', { metres: Math.round(position.accuracy) })}
      </p>
      {position ? (
        <Suspense fallback={mapPlace}>
          <PinMap lng={position.lng} lat={position.lat} accuracy={position.accuracy} onMove={onMove} />
        </Suspense>
      ) : (
        gps.status === 'locating' && mapPlace
      )}
      <GridFound grid={grid} user={user} />
    </fieldset>
  )
}

function GridFound({ grid, user }: { grid: GridAtPoint; user: Me }) {
  const { t } = useTranslation()
  switch (grid.status) {
    case 'none':
      return null
    case 'locating':
      return <p className="worker-note">{t('worker.location.gridLocating')}</p>
    case 'unknown':
      return <p className="worker-note">{t('worker.location.gridUnknown')}</p>
    case 'outside':
      return (
        <p className="form-error" role="alert" data-testid="grid-outside">
          {t('worker.location.outsideStreet')}
        </p>
      )
    case 'found': {
      const unit = grid.chain[grid.chain.length - 1]!
      const own = grid.chain.some((link) => user.grids.some((mine) => mine.id === link.id))
      return (
        <div>
          <p className="grid-found" data-testid="grid-found">
            {grid.chain.map((link) => link.name).join(' › ')} <span className="grid-code">{unit.code}</span>
          </p>
          {!own && user.grids.length > 0 && (
            <p className="form-warning" role="alert" data-testid="grid-not-mine">
              {t('worker.location.notMyGrid')}
            </p>
          )}
        </div>
      )
    }
  }
}
