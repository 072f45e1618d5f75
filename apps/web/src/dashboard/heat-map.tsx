import 'leaflet/dist/leaflet.css'
import L from 'leaflet'
import { useEffect, useMemo, useRef } from 'react'
import { AttributionControl, MapContainer, TileLayer, useMap } from 'react-leaflet'
import { FitStreet } from './fit-street.tsx'
import type { AppConfig, GridCollection, GridProperties } from '../api/types.ts'
import type { DashboardHeat } from './dashboard-api.ts'

/** Five steps from pale to deep: unit grids are many and small, so steps read better than a smooth ramp. */
const HEAT_COLOURS = ['#fff3e0', '#ffcc80', '#ffa040', '#e8590c', '#a61e4d'] as const

/** The upper bound of each colour step, from the counts themselves (quantiles), so any period shows contrast. */
function heatSteps(counts: number[]): number[] {
  const sorted = [...counts].sort((a, b) => a - b)
  if (sorted.length === 0) return [1, 2, 3, 4, Infinity]
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return [at(0.2), at(0.4), at(0.6), at(0.8), Infinity]
}

function heatColour(count: number, steps: number[]): string {
  if (count <= 0) return 'transparent'
  return HEAT_COLOURS[steps.findIndex((upper) => count <= upper)] ?? HEAT_COLOURS[4]
}

interface HeatMapProps {
  config: AppConfig
  grids: GridCollection | null
  heat: DashboardHeat
  dark?: boolean
  label: string
}

/** The street's unit grids coloured by reports in the period (server-side counts per grid, issue 16). */
export function HeatMap({ config, grids, heat, dark, label }: HeatMapProps) {
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
      className="dashboard-heat-map"
      {...view}
      minZoom={11}
      zoomSnap={0.25}
      maxZoom={19}
      attributionControl={false}
      aria-label={label}
    >
      {!dark && <TileLayer url={config.tileUrl} attribution={config.tileAttribution} maxZoom={19} />}
      {!dark && <AttributionControl prefix='<a href="https://leafletjs.com">Leaflet</a>' />}
      <FitStreet bounds={bounds ?? null} />
      <HeatLayer grids={grids} heat={heat} dark={dark ?? false} />
    </MapContainer>
  )
}

interface HeatState {
  counts: Map<number, number>
  steps: number[]
  dark: boolean
}

/** One GeoJSON layer created once; new shapes replace its features, new counts only restyle it. */
function HeatLayer({ grids, heat, dark }: { grids: GridCollection | null; heat: DashboardHeat; dark: boolean }) {
  const map = useMap()
  const layerRef = useRef<L.GeoJSON<GridProperties> | null>(null)
  const stateRef = useRef<HeatState>({ counts: new Map(), steps: heatSteps([]), dark })
  const counts = useMemo(() => new Map(heat.cells.map((c) => [c.gridId, c.reported])), [heat])
  const steps = useMemo(() => heatSteps(heat.cells.map((c) => c.reported)), [heat])

  useEffect(() => {
    const layer = L.geoJSON<GridProperties>(undefined, {
      style: (feature) => styleOf(feature?.properties.id, stateRef.current),
      onEachFeature: (feature, path) => {
        path.bindTooltip(
          () => `${escapeHtml(feature.properties.name)} · ${stateRef.current.counts.get(feature.properties.id) ?? 0}`,
          { sticky: true },
        )
      },
    })
    layer.addTo(map)
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
    if (grids) layer.addData(grids)
  }, [grids])

  useEffect(() => {
    stateRef.current = { counts, steps, dark }
    layerRef.current?.setStyle((feature) => styleOf(feature?.properties.id, stateRef.current))
  }, [counts, steps, dark])

  return null
}

function styleOf(id: number | undefined, { counts, steps, dark }: HeatState): L.PathOptions {
  const n = id === undefined ? 0 : (counts.get(id) ?? 0)
  return {
    color: dark ? '#2c4a6b' : '#90a4ae',
    weight: 0.5,
    fillColor: heatColour(n, steps),
    fillOpacity: n > 0 ? 0.75 : 0,
  }
}

/** Grid names come from imported data: escaped before they go into a tooltip's HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
