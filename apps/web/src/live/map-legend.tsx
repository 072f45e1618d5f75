import type { IncidentState } from '@wangge/workflow'
import type { CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import { STATE_COLOURS } from '../incidents/incident-style.ts'

/**
 * What every mark on the command map means: one dot per state in the workflow's colours, the overdue ring, the
 * pulse of a new report, a cluster, and a worker's badge fresh or stale. The swatches are the markers' own classes
 * (incident-markers.css) and colours (incident-style.ts), so the legend cannot drift from the map. It sits in the side panel, below the queue, so it never covers the map; it folds away.
 */
export function MapLegend() {
  const { t } = useTranslation()
  return (
    <details className="map-legend" data-testid="map-legend" open>
      <summary>{t('live.legend.title')}</summary>
      <ul>
        {(Object.keys(STATE_COLOURS) as IncidentState[]).map((state) => (
          <li key={state}>
            <Swatch className="incident-marker" colour={STATE_COLOURS[state]} />
            {t(`live.state.${state}`)}
          </li>
        ))}
        <li>
          <Swatch className="incident-marker incident-overdue" colour={STATE_COLOURS.dispatched} />
          {t('live.legend.overdue')}
        </li>
        <li>
          <Swatch className="incident-marker incident-new" colour={STATE_COLOURS.reported} />
          {t('live.legend.new')}
        </li>
        <li>
          <Swatch className="incident-cluster legend-cluster" text="5" />
          {t('live.legend.cluster')}
        </li>
        <li>
          <Swatch className="incident-cluster incident-cluster-overdue legend-cluster" text="5" />
          {t('live.legend.clusterOverdue')}
        </li>
        <li>
          <Swatch className="worker-marker" text="张" />
          {t('live.legend.worker')}
        </li>
        <li>
          <Swatch className="worker-marker worker-stale" text="张" />
          {t('live.legend.workerStale')}
        </li>
      </ul>
    </details>
  )
}

// React sets style through the DOM (element.style), which the Content-Security-Policy allows; style="" markup it blocks.
function Swatch({ className, text, colour }: { className: string; text?: string; colour?: string }) {
  return (
    <span className="legend-swatch" aria-hidden="true">
      <span className={className} style={colour ? ({ '--marker-colour': colour } as CSSProperties) : undefined}>
        {text}
      </span>
    </span>
  )
}
