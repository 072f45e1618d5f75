import { isStalePosition } from '@wangge/sla'
import L from 'leaflet'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMap } from 'react-leaflet'
import { paneOf } from '../map/pane.ts'
import { useLayerGroup } from '../map/use-layer-group.ts'
import type { LivePosition } from './live-event.ts'
import { formatTime } from '../i18n/format-time.ts'

/** Stale when the server said so or when the position has aged past the limit since (one rule, in @wangge/sla). */
export function isStale(position: Pick<LivePosition, 'at' | 'stale'>, now: number): boolean {
  return position.stale || isStalePosition(position.at, now)
}

/**
 * On-duty workers on the map: green while their phone reports, grey once the position is over 10 minutes old. They
 * have a pane of their own under the incidents' (never in the incidents' clusters), so a worker standing at a case
 * never hides it.
 */
export function WorkerMarkers({ positions }: { positions: ReadonlyMap<number, LivePosition> }) {
  const map = useMap()
  const { t, i18n } = useTranslation()
  const groupRef = useLayerGroup(map)
  // Staleness changes with time alone: redraw each minute even when nothing moves.
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])

  useEffect(() => {
    const group = groupRef.current
    if (!group) return
    group.clearLayers()
    const pane = paneOf(map, 'workers')
    for (const p of positions.values()) {
      const stale = isStale(p, now)
      const label = `${p.name} · ${stale ? t('live.workers.stale') : t('live.workers.fresh')} · ${formatTime(p.at, i18n.language)}`
      group.addLayer(L.marker([p.lat, p.lng], { icon: workerIcon(p, stale), title: label, pane }))
    }
  }, [groupRef, map, positions, now, t, i18n.language])

  return null
}

// Built as an element (textContent needs no escaping), as the incident markers are.
function workerIcon(position: LivePosition, stale: boolean): L.DivIcon {
  const badge = document.createElement('span')
  badge.className = `worker-marker${stale ? ' worker-stale' : ''}`
  badge.dataset.testid = 'worker-marker'
  badge.dataset.userId = String(position.userId)
  if (stale) badge.dataset.stale = 'true'
  badge.textContent = position.name.slice(0, 1)
  return L.divIcon({ className: '', html: badge, iconSize: [24, 24], iconAnchor: [12, 12] })
}
