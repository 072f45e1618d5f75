import 'leaflet/dist/leaflet.css'
import type { LatLngBounds } from 'leaflet'
import type { ReactNode } from 'react'
import { AttributionControl, MapContainer, TileLayer, type MapContainerProps } from 'react-leaflet'
import type { AppConfig } from '../api/types.ts'
import { FitToBounds } from './fit-to-bounds.tsx'
import { GridLabels } from './grid-labels.tsx'
import { GridLayer, type GridTint } from './grid-layer.tsx'
import { MapStatus } from './map-status.tsx'
import type { ScopeHighlight } from './scope-highlight.ts'
import { useResizeInvalidation } from './use-resize-invalidation.ts'
import { useGridTiles } from './use-grid-tiles.ts'
import { MAP_MAX_ZOOM, MAP_MIN_ZOOM } from './zoom.ts'

/** Zoom at which the whole street (~10 km²) fits a desktop screen, when the config gives no bounds. */
const STREET_ZOOM = 14

interface GridMapProps {
  config: AppConfig
  selectedId: number | null
  /** Grids in the user's scope, drawn highlighted with the rest dimmed; null draws every grid alike. */
  highlight: ScopeHighlight
  /** Where to take the view once known (the user's own grids); the street until then. */
  focus: LatLngBounds | null
  /** Fills grids by what is in them (the live map's open and overdue cases). */
  tint?: GridTint | undefined
  /** More layers inside the map (incident markers, worker positions), drawn above the grids. */
  children?: ReactNode
  onSelect: (id: number) => void
}

/**
 * The street map: the configured basemap under the grid cells, drawn from vector tiles on canvases (other vector
 * layers on one canvas, preferCanvas, because hundreds of SVG paths make panning stutter on phones). Without
 * network the basemap fails silently and the cells on the light container background are the map.
 */
export function GridMap({ config, focus, children, ...grids }: GridMapProps) {
  return (
    <MapContainer
      className="grid-map"
      {...initialView(config.street)}
      minZoom={MAP_MIN_ZOOM}
      maxZoom={MAP_MAX_ZOOM}
      preferCanvas
      attributionControl={false}
    >
      <TileLayer url={config.tileUrl} attribution={config.tileAttribution} maxZoom={MAP_MAX_ZOOM} />
      {/* The default prefix carries a flag icon; plain text keeps the credit without the politics. */}
      <AttributionControl prefix='<a href="https://leafletjs.com">Leaflet</a>' />
      <FitToBounds bounds={focus} />
      <ViewportGrids {...grids} />
      {children}
    </MapContainer>
  )
}

/**
 * The first view: the street's bounds when known (the whole street on any screen size, phone included),
 * otherwise its centre at street zoom. Coordinates arrive as [lng, lat]; Leaflet wants [lat, lng].
 */
function initialView(street: AppConfig['street']): Pick<MapContainerProps, 'bounds' | 'center' | 'zoom'> {
  if (street.bounds) {
    const [west, south, east, north] = street.bounds
    return {
      bounds: [
        [south, west],
        [north, east],
      ],
    }
  }
  // The server sends bounds and centre together (both null before grids are imported): no bounds, no centre either.
  const [lng, lat] = street.center!
  return { center: [lat, lng], zoom: STREET_ZOOM }
}

/** Lives inside the map so its hooks can reach the Leaflet instance. */
function ViewportGrids({ selectedId, highlight, tint, onSelect }: Omit<GridMapProps, 'config' | 'focus' | 'children'>) {
  useResizeInvalidation()
  const grids = useGridTiles()
  return (
    <>
      <GridLayer
        tiles={grids.layer}
        cells={grids.cells}
        selectedId={selectedId}
        highlight={highlight}
        tint={tint}
        onSelect={onSelect}
      />
      <GridLabels cells={grids.cells} />
      <MapStatus grids={grids} />
    </>
  )
}
