import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../i18n/error-message.ts'
import { levelName } from '../i18n/level-name.ts'
import type { GridTiles } from './use-grid-tiles.ts'

/** A small line over the map: which level is shown and how many grids, or that loading failed (with retry). */
export function MapStatus({ grids }: { grids: GridTiles }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDivElement>(null)

  // The box sits inside the map container; without this a click on Retry would also click (and drag) the map.
  useEffect(() => {
    if (!ref.current) return
    L.DomEvent.disableClickPropagation(ref.current)
    L.DomEvent.disableScrollPropagation(ref.current)
  }, [])

  const count = grids.cells.length
  return (
    <div ref={ref} className="map-status">
      {grids.error ? (
        <p role="alert">
          {t('map.gridsError')}: {errorMessage(t, grids.error)}{' '}
          <button type="button" onClick={grids.reload}>
            {t('common.retry')}
          </button>
        </p>
      ) : (
        <p role="status" aria-busy={grids.loading}>
          {grids.loading ? t('map.loadingGrids') : t('map.showing', { level: levelName(t, grids.level), count })}
        </p>
      )}
    </div>
  )
}
