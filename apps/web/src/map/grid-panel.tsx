import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { GridDetail } from '../api/types.ts'
import { errorMessage, isRetryable } from '../i18n/error-message.ts'
import { levelName, levelRank } from '../i18n/level-name.ts'
import { GridChain } from './grid-chain.tsx'
import { formatArea } from './format-area.ts'
import { useGridDetail } from './use-grid-detail.ts'
import './grid-panel.css'

interface GridPanelProps {
  gridId: number
  onSelect: (id: number) => void
  onClose: () => void
}

/** Details of the selected grid: a side panel on desktop, a bottom sheet on narrow screens (see grid-panel.css). */
export function GridPanel({ gridId, onSelect, onClose }: GridPanelProps) {
  const { t } = useTranslation()
  const { resource, retry } = useGridDetail(gridId)
  const headingRef = useRef<HTMLHeadingElement>(null)

  // Moving focus to the panel tells keyboard and screen-reader users that something opened; the heading is
  // where reading should start.
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true })
  }, [gridId])

  useEffect(() => {
    function closeOnEscape(event: KeyboardEvent) {
      if (event.key === 'Escape') onClose()
    }
    document.addEventListener('keydown', closeOnEscape)
    return () => document.removeEventListener('keydown', closeOnEscape)
  }, [onClose])

  return (
    <aside className="grid-panel" data-testid="grid-panel" aria-labelledby="grid-panel-title">
      <div className="grid-panel-header">
        <h2 id="grid-panel-title" ref={headingRef} tabIndex={-1}>
          {resource.status === 'ready' ? resource.data.name : t('panel.label')}
        </h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {resource.status === 'ready' && <GridFacts grid={resource.data} onSelect={onSelect} />}
      {(resource.status === 'loading' || resource.status === 'idle') && (
        <p className="grid-panel-note" role="status">
          {t('common.loading')}
        </p>
      )}
      {resource.status === 'error' && (
        <p className="grid-panel-note" role="alert">
          {errorMessage(t, resource.error)}{' '}
          {isRetryable(resource.error) && (
            <button type="button" onClick={retry}>
              {t('common.retry')}
            </button>
          )}
        </p>
      )}
    </aside>
  )
}

function GridFacts({ grid, onSelect }: { grid: GridDetail; onSelect: (id: number) => void }) {
  const { t, i18n } = useTranslation()
  const area = formatArea(grid.areaM2, i18n.resolvedLanguage ?? i18n.language)
  return (
    <>
      <dl className="grid-facts">
        <dt>{t('panel.code')}</dt>
        <dd data-testid="grid-code" className="grid-code">
          {grid.code}
        </dd>
        <dt>{t('panel.level')}</dt>
        <dd>
          {levelName(t, grid.level)} · {levelRank(t, grid.level)}
        </dd>
        <dt>{t('panel.area')}</dt>
        <dd>{t(`area.${area.unit}`, { value: area.value })}</dd>
        <dt>{t('panel.children')}</dt>
        <dd>{grid.childrenCount > 0 ? grid.childrenCount : t('panel.childrenNone')}</dd>
      </dl>
      <GridChain chain={grid.chain} currentId={grid.id} onSelect={onSelect} />
    </>
  )
}
