import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useMap } from 'react-leaflet'
import type { GridCollection, GridProperties } from '../api/types.ts'
import { gridStyle } from './grid-style.ts'

interface GridLayerProps {
  collection: GridCollection | null
  selectedId: number | null
  onSelect: (id: number) => void
}

const canHover = window.matchMedia('(hover: hover)').matches

type GridPath = L.Path & { feature?: GeoJSON.Feature<GeoJSON.Geometry, GridProperties> }

/**
 * The grid polygons as one Leaflet GeoJSON layer, created once per map and updated imperatively: new data
 * replaces its features, a new selection only restyles. Rebuilding the layer on every render would redraw
 * hundreds of canvas paths for nothing.
 */
export function GridLayer({ collection, selectedId, onSelect }: GridLayerProps) {
  const map = useMap()
  const layerRef = useRef<L.GeoJSON<GridProperties> | null>(null)
  // Feature handlers are bound when features are added; refs let them see the latest selection and callback.
  const selectedRef = useRef(selectedId)
  const onSelectRef = useRef(onSelect)
  useEffect(() => {
    onSelectRef.current = onSelect
  })

  useEffect(() => {
    const layer = L.geoJSON<GridProperties>(undefined, {
      style: (feature) => (feature ? gridStyle(feature.properties, feature.properties.id === selectedRef.current) : {}),
      onEachFeature: (feature, path) => {
        // Names on hover help a mouse user aim; on touch screens a tap opens the panel, which names the grid.
        if (canHover) path.bindTooltip(feature.properties.name, { sticky: true, direction: 'top', className: 'grid-tooltip' })
        path.on('click', () => onSelectRef.current(feature.properties.id))
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
    if (collection) layer.addData(collection)
    raiseSelected(layer, selectedRef.current)
  }, [collection])

  useEffect(() => {
    selectedRef.current = selectedId
    const layer = layerRef.current
    if (!layer) return
    layer.eachLayer((child) => {
      const path = child as GridPath
      if (path.feature) path.setStyle(gridStyle(path.feature.properties, path.feature.properties.id === selectedId))
    })
    const selected = raiseSelected(layer, selectedId)
    if (selected) revealAboveSheet(map, selected)
  }, [map, selectedId])

  return null
}

/** Draws the selected grid last so its thicker outline is not hidden under its neighbours' edges. */
function raiseSelected(layer: L.GeoJSON, selectedId: number | null): L.Polygon | null {
  if (selectedId === null) return null
  let selected: L.Polygon | null = null
  layer.eachLayer((child) => {
    const path = child as GridPath
    if (path.feature?.properties.id === selectedId) {
      path.bringToFront()
      selected = path as L.Polygon
    }
  })
  return selected
}

/**
 * On narrow screens the details open as a bottom sheet over the lower half of the map (grid-panel.css); a grid
 * tapped there would vanish under it, so the map pans it into the upper half.
 */
function revealAboveSheet(map: L.Map, selected: L.Polygon): void {
  if (!window.matchMedia('(max-width: 700px)').matches) return
  const sheetHeight = map.getSize().y * 0.5
  map.panInside(selected.getBounds().getCenter(), { paddingBottomRight: [0, sheetHeight], paddingTopLeft: [0, 16] })
}
