import L from 'leaflet'
import { useEffect } from 'react'
import { useMap } from 'react-leaflet'
import type { PatrolTrackPoint } from '@wangge/contract'
import { useLayerGroup } from '../map/use-layer-group.ts'

export interface TrackLine {
  id: string
  name: string
  /** [lat, lng] pairs in time order. */
  points: [number, number][]
  live: boolean
}

/**
 * Patrol lines over the grids: live ones in green with the worker's last position, a replayed one in blue up to the
 * slider's time with a marker where the worker was then. Drawn imperatively into one layer group (redrawn whole).
 */
export function TrackLayer({
  lines,
  replay,
}: {
  lines: TrackLine[]
  replay: { points: PatrolTrackPoint[]; until: number } | null
}) {
  const map = useMap()
  const groupRef = useLayerGroup(map)

  useEffect(() => {
    const group = groupRef.current
    if (!group) return
    group.clearLayers()
    for (const line of lines) {
      if (line.points.length === 0) continue
      if (line.points.length > 1)
        group.addLayer(L.polyline(line.points, { color: '#2f855a', weight: 4, opacity: 0.85 }))
      group.addLayer(
        L.circleMarker(line.points.at(-1)!, {
          radius: 6,
          color: '#fff',
          weight: 2,
          fillColor: '#2f855a',
          fillOpacity: 1,
        }).bindTooltip(line.name),
      )
    }
    if (replay && replay.points.length > 0) {
      const all = replay.points.map((p): [number, number] => [p.lat, p.lng])
      group.addLayer(L.polyline(all, { color: '#4a5568', weight: 3, opacity: 0.35, dashArray: '4 6' }))
      const walked = replay.points
        .filter((p) => Date.parse(p.at) <= replay.until)
        .map((p): [number, number] => [p.lat, p.lng])
      if (walked.length > 1) group.addLayer(L.polyline(walked, { color: '#2b6cb0', weight: 5, opacity: 0.9 }))
      const here = walked.at(-1) ?? all[0]!
      const marker = L.circleMarker(here, { radius: 8, color: '#fff', weight: 3, fillColor: '#2b6cb0', fillOpacity: 1 })
      group.addLayer(marker)
    }
  }, [groupRef, lines, replay])

  // A newly opened replay is framed once (not on every slider move).
  const frame = replay && replay.points.length > 0 ? replay.points : null
  const frameKey = frame ? `${frame[0]!.at}` : null
  useEffect(() => {
    if (!frame) return
    map.fitBounds(L.latLngBounds(frame.map((p): [number, number] => [p.lat, p.lng])).pad(0.4), { maxZoom: 17 })
    // Framed when another patrol opens, not when the same one refreshes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, frameKey])

  return null
}
