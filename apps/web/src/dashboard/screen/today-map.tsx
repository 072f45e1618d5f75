import 'leaflet/dist/leaflet.css'
import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { MapContainer, useMap } from 'react-leaflet'
import type { IncidentPoint } from '../../api/incident-types.ts'
import { FitStreet } from '../fit-street.tsx'
import type { AppConfig, GridCollection, GridProperties } from '../../api/types.ts'

/** Open cases in amber, closed in green, rejected grey: what the wall must show at a glance. */
function colourOf(status: IncidentPoint['status']): string {
  if (status === 'closed') return '#3ddc97'
  if (status === 'rejected') return '#7b8794'
  if (status === 'reported') return '#ff5d5d'
  return '#ffb547'
}

/**
 * Today's cases on the street's communities, drawn with no basemap (a wall display has no business fetching tiles):
 * the community outlines are the map. Markers are one canvas layer, replaced whenever the points change.
 */
export function TodayMap({
  config,
  communities,
  points,
  label,
}: {
  config: AppConfig
  communities: GridCollection | null
  points: ReadonlyMap<string, IncidentPoint>
  label: string
}) {
  const { bounds, center } = config.street
  const view = bounds
    ? {
        bounds: [
          [bounds[1], bounds[0]],
          [bounds[3], bounds[2]],
        ] as [[number, number], [number, number]],
      }
    : { center: [center![1], center![0]] as [number, number], zoom: 14 }
  return (
    <MapContainer
      className="screen-map"
      {...view}
      zoomControl={false}
      zoomSnap={0.25}
      attributionControl={false}
      preferCanvas
      aria-label={label}
    >
      <FitStreet bounds={bounds ?? null} />
      <Outlines communities={communities} />
      <CaseDots points={points} />
    </MapContainer>
  )
}

function Outlines({ communities }: { communities: GridCollection | null }) {
  const map = useMap()
  useEffect(() => {
    if (!communities) return
    const layer = L.geoJSON<GridProperties>(communities, {
      style: { color: '#4fa3ff', weight: 1.5, fillColor: '#10325a', fillOpacity: 0.35 },
      onEachFeature: (feature, path) =>
        path.bindTooltip(escapeHtml(feature.properties.name), {
          permanent: true,
          direction: 'center',
          className: 'screen-grid-label',
        }),
    })
    layer.addTo(map)
    return () => void layer.remove()
  }, [map, communities])
  return null
}

function CaseDots({ points }: { points: ReadonlyMap<string, IncidentPoint> }) {
  const map = useMap()
  const layerRef = useRef<L.LayerGroup | null>(null)
  useEffect(() => {
    const layer = L.layerGroup().addTo(map)
    layerRef.current = layer
    return () => {
      layer.remove()
      layerRef.current = null
    }
  }, [map])
  useEffect(() => {
    const layer = layerRef.current
    if (!layer) return
    layer.clearLayers()
    for (const p of points.values()) {
      L.circleMarker([p.lat, p.lng], {
        radius: 6,
        color: '#0b1a2e',
        weight: 1,
        fillColor: colourOf(p.status),
        fillOpacity: 0.95,
      })
        .bindTooltip(escapeHtml(`${p.caseNumber} ${p.description}`))
        .addTo(layer)
    }
  }, [points])
  return null
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
