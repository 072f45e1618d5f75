import L from 'leaflet'
import { useEffect } from 'react'
import { useMap } from 'react-leaflet'
import type { IncidentCluster } from '@wangge/contract'
import { useLayerGroup } from '../map/use-layer-group.ts'
import { MAP_MAX_ZOOM } from '../map/zoom.ts'
import { clusterIcon } from './incident-markers.tsx'

/** A click on a server cluster zooms in this far around it: the cell splits into cells a quarter its size. */
const ZOOM_STEP = 2

/**
 * The view's incidents as the server counted them (GET /api/incidents/clusters), for a view with more cases than the
 * map loads as points: one badge per cell with its count and a red ring when any is overdue, like the browser's own
 * clusters; a click zooms in on the cell, until the view holds few enough for points.
 */
export function ServerClusterMarkers({ clusters }: { clusters: readonly IncidentCluster[] }) {
  const map = useMap()
  const groupRef = useLayerGroup(map)
  useEffect(() => {
    const group = groupRef.current
    if (!group) return
    group.clearLayers()
    for (const cluster of clusters) {
      const marker = L.marker([cluster.lat, cluster.lng], {
        icon: clusterIcon(cluster.count, cluster.overdue, 'server'),
        keyboard: true,
      })
      marker.on('click', () =>
        map.setView([cluster.lat, cluster.lng], Math.min(map.getZoom() + ZOOM_STEP, MAP_MAX_ZOOM)),
      )
      group.addLayer(marker)
    }
  }, [groupRef, map, clusters])
  return null
}
