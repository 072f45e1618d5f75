import L from 'leaflet'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useMap } from 'react-leaflet'
import { useLayerGroup } from '../map/use-layer-group.ts'
import { MAP_MAX_ZOOM } from '../map/zoom.ts'
import Supercluster from 'supercluster'
import { isOverdue } from '@wangge/workflow'
import type { IncidentPoint } from '../api/incident-types.ts'
import { STATE_COLOURS } from './incident-style.ts'
import './incident-markers.css'

interface IncidentMarkersProps {
  points: ReadonlyMap<string, IncidentPoint>
  selectedId: string | null
  onSelect: (id: string) => void
}

interface ClusterProps {
  overdue: number
}

/**
 * Clusters form up to this zoom and no further: from the zoom above it to the map's highest every incident is its own
 * marker, so a click on a cluster always ends on the cases themselves.
 */
const CLUSTER_MAX_ZOOM = MAP_MAX_ZOOM - 2

/** Markers closer than this on screen are fanned out around their common point (cases reported at one spot). */
const OVERLAP_PX = 10

/** A report this fresh is drawn on its own, never inside a cluster: the command centre must see it arrive. */
const NEW_FOR_MS = 2 * 60_000

type MarkedPoint = IncidentPoint & { isOverdue: boolean; isNew: boolean }

/**
 * Incidents as markers, clustered by supercluster for the view's zoom (thousands of cases would otherwise bury
 * the grids). A cluster shows its count, and a red ring when any of its cases is overdue; a click zooms into it.
 * New reports (two minutes) and the open incident stay out of the clusters. The markers are one layer group created once; new points,
 * a move or the clock only re-cluster and redraw the view.
 */
export function IncidentMarkers({ points, selectedId, onSelect }: IncidentMarkersProps) {
  const map = useMap()
  const groupRef = useLayerGroup(map)
  const onSelectRef = useRef(onSelect)
  useEffect(() => {
    onSelectRef.current = onSelect
  })

  // Overdue and "new" change with the clock as well as with the data.
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])

  const { index, fresh } = useMemo(() => {
    const marked: MarkedPoint[] = [...points.values()].map((p) => ({
      ...p,
      isOverdue: isOverdue(p, now),
      isNew: p.status === 'reported' && now - Date.parse(p.createdAt) < NEW_FOR_MS,
    }))
    const cluster = new Supercluster<MarkedPoint, ClusterProps>({
      radius: 48,
      maxZoom: CLUSTER_MAX_ZOOM,
      map: (p) => ({ overdue: p.isOverdue ? 1 : 0 }),
      reduce: (acc, p) => {
        acc.overdue += p.overdue
      },
    })
    const apart = (p: MarkedPoint) => p.isNew || p.id === selectedId
    cluster.load(
      marked
        .filter((p) => !apart(p))
        .map((p) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] },
          properties: p,
        })),
    )
    return { index: cluster, fresh: marked.filter(apart) }
  }, [points, now, selectedId])

  useEffect(() => {
    const draw = () => {
      const group = groupRef.current
      if (!group) return
      group.clearLayers()
      const bounds = map.getBounds().pad(0.2)
      const bbox: [number, number, number, number] = [
        bounds.getWest(),
        bounds.getSouth(),
        bounds.getEast(),
        bounds.getNorth(),
      ]
      const singles: MarkedPoint[] = [...fresh]
      for (const feature of index.getClusters(bbox, Math.round(map.getZoom()))) {
        const [lng, lat] = feature.geometry.coordinates as [number, number]
        const props = feature.properties
        if ('cluster' in props && props.cluster) {
          const marker = L.marker([lat, lng], { icon: clusterIcon(props.point_count, props.overdue), keyboard: true })
          marker.on('click', () =>
            map.setView([lat, lng], Math.min(index.getClusterExpansionZoom(props.cluster_id), MAP_MAX_ZOOM)),
          )
          group.addLayer(marker)
        } else {
          singles.push(props as MarkedPoint)
        }
      }
      for (const [point, at] of fannedOut(map, singles)) group.addLayer(pointMarker(point, at, selectedId))
    }
    const pointMarker = (point: MarkedPoint, at: L.LatLng, selected: string | null) => {
      const marker = L.marker(at, {
        icon: pointIcon(point, point.id === selected),
        title: point.caseNumber,
        keyboard: true,
        zIndexOffset: point.isNew ? 1000 : 0,
      })
      marker.on('click', () => onSelectRef.current(point.id))
      return marker
    }
    draw()
    map.on('moveend', draw)
    return () => {
      map.off('moveend', draw)
    }
  }, [groupRef, map, index, fresh, selectedId])

  // A case opened from the queue may lie off screen: bring it into view (once per opening, not on every update).
  const shownFor = useRef<string | null>(null)
  useEffect(() => {
    if (selectedId === null) {
      shownFor.current = null
      return
    }
    const point = points.get(selectedId)
    if (!point || shownFor.current === selectedId) return
    shownFor.current = selectedId
    if (!map.getBounds().contains([point.lat, point.lng])) map.panTo([point.lat, point.lng])
  }, [map, points, selectedId])

  return null
}

/**
 * Where to draw each single marker: at its own point, unless other markers would sit on the same spot (cases
 * reported from one doorway never separate by zooming), in which case they are spread on a small circle around it
 * so each can be seen and clicked.
 */
function fannedOut(map: L.Map, points: MarkedPoint[]): [MarkedPoint, L.LatLng][] {
  const spots: { at: L.Point; points: MarkedPoint[] }[] = []
  for (const point of points) {
    const at = map.latLngToLayerPoint([point.lat, point.lng])
    const spot = spots.find((s) => s.at.distanceTo(at) < OVERLAP_PX)
    if (spot) spot.points.push(point)
    else spots.push({ at, points: [point] })
  }
  return spots.flatMap(({ at, points: together }) => {
    if (together.length === 1)
      return [[together[0]!, L.latLng(together[0]!.lat, together[0]!.lng)] as [MarkedPoint, L.LatLng]]
    const radius = 12 + 2 * together.length
    return together.map((point, i): [MarkedPoint, L.LatLng] => {
      const angle = (2 * Math.PI * i) / together.length
      return [point, map.layerPointToLatLng(at.add(L.point(radius * Math.cos(angle), radius * Math.sin(angle))))]
    })
  })
}

// The icons are built as elements and styled through the DOM: markup with a style="" attribute would be parsed by
// innerHTML and blocked by the Content-Security-Policy (style-src 'self', no inline styles), whereas
// element.style is not inline markup and stays allowed.
function pointIcon(point: MarkedPoint, selected: boolean): L.DivIcon {
  const dot = document.createElement('span')
  dot.className = [
    'incident-marker',
    `incident-${point.status}`,
    point.isOverdue ? 'incident-overdue' : '',
    point.isNew ? 'incident-new' : '',
    selected ? 'incident-selected' : '',
  ].join(' ')
  dot.style.setProperty('--marker-colour', STATE_COLOURS[point.status])
  dot.dataset.testid = 'incident-marker'
  dot.dataset.incidentId = point.id
  dot.dataset.status = point.status
  if (point.isOverdue) dot.dataset.overdue = 'true'
  return L.divIcon({ className: '', html: dot, iconSize: [18, 18], iconAnchor: [9, 9] })
}

/** Counts past four digits in the page's language's short form (1.2万, 12K), so they fit the badge. */
const compactCount = (count: number) =>
  count < 10_000
    ? String(count)
    : new Intl.NumberFormat(document.documentElement.lang || 'zh-CN', {
        notation: 'compact',
        maximumFractionDigits: 1,
      }).format(count)

/** A cluster's badge; `counted` says who counted it: supercluster here, or the server for a city's view. */
export function clusterIcon(count: number, overdue: number, counted: 'browser' | 'server' = 'browser'): L.DivIcon {
  const size = count < 10 ? 30 : count < 100 ? 36 : count < 10_000 ? 44 : 52
  const cluster = document.createElement('span')
  cluster.className = `incident-cluster${overdue > 0 ? ' incident-cluster-overdue' : ''}`
  cluster.dataset.testid = 'incident-cluster'
  cluster.dataset.count = String(count)
  cluster.dataset.counted = counted
  cluster.style.width = `${size}px`
  cluster.style.height = `${size}px`
  cluster.textContent = compactCount(count)
  return L.divIcon({ className: '', html: cluster, iconSize: [size, size], iconAnchor: [size / 2, size / 2] })
}
