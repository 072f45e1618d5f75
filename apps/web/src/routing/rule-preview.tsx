import type { CategoryGroup, RoutingPreview } from '@wangge/contract'
import L from 'leaflet'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMap, useMapEvents } from 'react-leaflet'
import { ApiError } from '../api/api-error.ts'
import { GridMapView } from '../map/grid-map-view.tsx'
import { previewRule } from './routing-api.ts'

type Outcome =
  { status: 'none' } | { status: 'ready'; preview: RoutingPreview } | { status: 'outside' } | { status: 'failed' }

/** Clicks on the map choose the point; a marker shows it. */
function PointPicker({ point, onPick }: { point: L.LatLng | null; onPick: (p: L.LatLng) => void }) {
  const map = useMap()
  useMapEvents({ click: (event) => onPick(event.latlng) })
  useEffect(() => {
    if (!point) return
    const marker = L.circleMarker(point, { radius: 8, color: '#c5221f', weight: 3, fillOpacity: 0.4 }).addTo(map)
    return () => {
      marker.remove()
    }
  }, [map, point])
  return null
}

/** Which rule a (sub-category, point) pair meets: pick a sub-category, click the map. */
export function RulePreview({ categories }: { categories: readonly CategoryGroup[] }) {
  const { t } = useTranslation()
  const [code, setCode] = useState(categories[0]?.children[0]?.code ?? '')
  const [point, setPoint] = useState<L.LatLng | null>(null)
  const [outcome, setOutcome] = useState<Outcome>({ status: 'none' })

  useEffect(() => {
    if (!point || !code) return
    let current = true
    previewRule(code, point.lng, point.lat).then(
      (preview) => current && setOutcome({ status: 'ready', preview }),
      (error: unknown) =>
        current &&
        setOutcome(
          error instanceof ApiError && error.code === 'OUTSIDE_MANAGED_AREA'
            ? { status: 'outside' }
            : { status: 'failed' },
        ),
    )
    return () => {
      current = false
    }
  }, [code, point])

  const panel = (
    <aside className="rule-preview-panel" aria-live="polite" data-testid="rule-preview">
      <label>
        {t('routing.previewCategory')}
        <select value={code} onChange={(e) => setCode(e.target.value)}>
          {categories.map((group) => (
            <optgroup key={group.id} label={group.name}>
              {group.children.map((sub) => (
                <option key={sub.id} value={sub.code}>
                  {sub.code} {sub.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {outcome.status === 'none' && <p>{t('routing.previewHint')}</p>}
      {outcome.status === 'outside' && <p>{t('routing.previewOutside')}</p>}
      {outcome.status === 'failed' && <p role="alert">{t('routing.loadFailed')}</p>}
      {outcome.status === 'ready' && <PreviewResult preview={outcome.preview} />}
    </aside>
  )

  return (
    <div className="rule-preview">
      <GridMapView showScope={false} layers={<PointPicker point={point} onPick={setPoint} />} detail={panel} />
    </div>
  )
}

function PreviewResult({ preview }: { preview: RoutingPreview }) {
  const { t } = useTranslation()
  return (
    <div className="preview-result">
      <p className="preview-grids">{preview.grids.map((g) => g.name).join(' › ')}</p>
      {preview.rule ? (
        <>
          <p className="preview-rule">
            <strong>{t('routing.previewRule', { id: preview.rule.id })}</strong> ·{' '}
            {preview.rule.autoDispatch ? t('routing.autoOn') : t('routing.autoOff')}
          </p>
          <p>
            {preview.rule.category?.name ?? t('routing.anyCategory')} ·{' '}
            {preview.rule.grid?.name ?? t('routing.wholeStreet')}
          </p>
          <p>
            {preview.assignee
              ? t('routing.previewAssignee', { name: preview.assignee.name })
              : t('routing.previewNoWorker')}
          </p>
        </>
      ) : (
        <p>{t('routing.previewNone')}</p>
      )}
    </div>
  )
}
