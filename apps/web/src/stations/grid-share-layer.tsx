import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useMap } from 'react-leaflet'
import type { GridCollection, GridProperties } from '../api/types.ts'
import type { GridCompliance } from '../api/stations.ts'
import { formatShare, shareColour } from './station-status.ts'

interface GridShareLayerProps {
  grids: GridCollection | null
  rollUp: GridCompliance[] | null
}

/**
 * Communities or areas shaded by their compliant share. One Leaflet GeoJSON layer created once; new shapes replace
 * its features and new figures only restyle (the pattern of src/map/grid-layer.tsx).
 */
export function GridShareLayer({ grids, rollUp }: GridShareLayerProps) {
  const map = useMap()
  const layerRef = useRef<L.GeoJSON<GridProperties> | null>(null)
  const sharesRef = useRef(new Map<number, GridCompliance>())

  useEffect(() => {
    const layer = L.geoJSON<GridProperties>(undefined, {
      style: (feature) => styleOf(feature?.properties.id, sharesRef.current),
      onEachFeature: (feature, path) => {
        path.bindTooltip(() => tooltipOf(feature.properties, sharesRef.current.get(feature.properties.id)), {
          sticky: true,
        })
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
    sharesRef.current = new Map((rollUp ?? []).map((row) => [row.grid.id, row]))
    layerRef.current?.setStyle((feature) => styleOf(feature?.properties.id, sharesRef.current))
  }, [rollUp])

  return null
}

function styleOf(id: number | undefined, shares: Map<number, GridCompliance>): L.PathOptions {
  const row = id === undefined ? undefined : shares.get(id)
  return { color: '#37474f', weight: 1.2, fillColor: shareColour(row?.share ?? null), fillOpacity: 0.45 }
}

/** Tooltip content is HTML: names come from imported data, so they are escaped. */
function tooltipOf(grid: GridProperties, row: GridCompliance | undefined): string {
  const name = grid.name.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return row ? `${name} · ${row.compliant}/${row.stations} · ${formatShare(row.share)}` : name
}
