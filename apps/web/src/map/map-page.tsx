import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useAppConfig } from '../config/app-config.tsx'
import { errorMessage } from '../i18n/error-message.ts'
import { GridMap } from './grid-map.tsx'
import { GridPanel } from './grid-panel.tsx'
import './map-page.css'

/**
 * The grid map page (`/`). The selected grid lives in the URL (`?grid=123`) so a selection can be linked and
 * the phone's back button closes the sheet.
 */
export function MapPage() {
  const { t } = useTranslation()
  const { resource, retry } = useAppConfig()
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
        <GridMap config={resource.data} selectedId={selectedId} onSelect={select} />
      </section>
      {selectedId !== null && <GridPanel gridId={selectedId} onSelect={select} onClose={close} />}
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
