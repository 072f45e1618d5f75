import { useCallback, useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useAppConfig } from '../config/app-config.tsx'
import { errorMessage } from '../i18n/error-message.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { useScope } from '../session/use-scope.ts'
import { GridMap } from './grid-map.tsx'
import type { GridTint } from './grid-layer.tsx'
import { GridPanel } from './grid-panel.tsx'
import { useScopeBounds } from './scope-bounds.ts'
import { scopeHighlight } from './scope-highlight.ts'
import { ScopeLegend } from './scope-legend.tsx'
import './map-page.css'

interface GridMapViewProps {
  /** Highlight the signed-in user's scope and open on it; off for pages that show the plain street. */
  showScope: boolean
  /** Layers drawn over the grids inside the map (the live map's incidents and workers). */
  layers?: ReactNode
  tint?: GridTint
  /** A panel beside the map (the live map's queue); `detail`, when set, takes the place of the grid panel. */
  aside?: ReactNode
  detail?: ReactNode
}

/**
 * The street map with its details panel, as every map page uses it. The selected grid lives in the URL
 * (`?grid=123`) so a selection can be linked and the phone's back button closes the sheet.
 */
export function GridMapView({ showScope, layers, tint, aside, detail }: GridMapViewProps) {
  const { t } = useTranslation()
  const { resource, retry } = useAppConfig()
  const user = useCurrentUser()
  const scope = useScope()
  const highlight = useMemo(() => (showScope ? scopeHighlight(scope) : null), [showScope, scope])
  const focus = useScopeBounds(user.grids, showScope)
  const [searchParams, setSearchParams] = useSearchParams()
  const selectedId = parseGridId(searchParams.get('grid'))

  const select = useCallback(
    (id: number) => {
      // Clicking the open grid again must not stack another identical history entry.
      if (id !== selectedId) setSearchParams((params) => withGrid(params, String(id)))
    },
    [selectedId, setSearchParams],
  )
  const close = useCallback(() => setSearchParams((params) => withGrid(params, null)), [setSearchParams])

  if (resource.status !== 'ready') {
    return (
      <div className="page-message">
        {resource.status === 'error' ? (
          <p role="alert">
            {t('config.error')} {errorMessage(t, resource.error)}{' '}
            <button type="button" onClick={retry}>
              {t('common.retry')}
            </button>
          </p>
        ) : (
          <p role="status">{t('config.loading')}</p>
        )}
      </div>
    )
  }

  return (
    <div className="map-page">
      <section className="map-area" aria-label={t('map.label')}>
        <GridMap
          config={resource.data}
          selectedId={selectedId}
          highlight={highlight}
          focus={focus}
          tint={tint}
          onSelect={select}
        >
          {layers}
        </GridMap>
        {highlight && <ScopeLegend />}
      </section>
      {aside}
      {detail ?? (selectedId !== null && <GridPanel gridId={selectedId} onSelect={select} onClose={close} />)}
    </div>
  )
}

function parseGridId(value: string | null): number | null {
  const id = Number(value)
  return value !== null && Number.isSafeInteger(id) && id > 0 ? id : null
}

function withGrid(params: URLSearchParams, grid: string | null): URLSearchParams {
  const next = new URLSearchParams(params)
  if (grid === null) next.delete('grid')
  else next.set('grid', grid)
  return next
}
