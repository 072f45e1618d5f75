import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useMap } from 'react-leaflet'
import type { GridCollection, GridProperties } from '../api/types.ts'
import { gridStyle } from './grid-style.ts'
import { scopeMark, type ScopeHighlight } from './scope-highlight.ts'

/** Extra fill for a grid (the live map colours grids by their open and overdue cases), or null for none. */
export type GridTint = ((gridId: number) => L.PathOptions | null) | null

interface GridLayerProps {
  collection: GridCollection | null
  selectedId: number | null
  highlight: ScopeHighlight
  tint?: GridTint | undefined
  onSelect: (id: number) => void
}

const canHover = window.matchMedia('(hover: hover)').matches

type GridPath = L.Path & { feature?: GeoJSON.Feature<GeoJSON.Geometry, GridProperties> }

interface Marks {
  selectedId: number | null
  highlight: ScopeHighlight
  tint: GridTint
}

/**
 * The grid polygons as one Leaflet GeoJSON layer, created once per map and updated imperatively: new data
 * replaces its features, a new selection or scope only restyles. Rebuilding the layer on every render would
 * redraw hundreds of canvas paths for nothing.
 */
export function GridLayer({ collection, selectedId, highlight, tint = null, onSelect }: GridLayerProps) {
  const map = useMap()
  const layerRef = useRef<L.GeoJSON<GridProperties> | null>(null)
  // Feature handlers and styles are bound when features are added; refs let them see the latest props.
  const marksRef = useRef<Marks>({ selectedId, highlight, tint })
  const onSelectRef = useRef(onSelect)
  useEffect(() => {
    onSelectRef.current = onSelect
  })

  useEffect(() => {
    const layer = L.geoJSON<GridProperties>(undefined, {
      style: (feature) => (feature ? styleOf(feature.properties, marksRef.current) : {}),
      onEachFeature: (feature, path) => {
        // Names on hover help a mouse user aim; on touch screens a tap opens the panel, which names the grid.
        if (canHover)
          path.bindTooltip(feature.properties.name, { sticky: true, direction: 'top', className: 'grid-tooltip' })
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
    raiseMarked(layer, marksRef.current)
  }, [collection])

  useEffect(() => {
    const selectionChanged = marksRef.current.selectedId !== selectedId
    marksRef.current = { selectedId, highlight, tint }
    const layer = layerRef.current
    if (!layer) return
    layer.eachLayer((child) => {
      const path = child as GridPath
      if (path.feature) path.setStyle(styleOf(path.feature.properties, marksRef.current))
    })
    const selected = raiseMarked(layer, marksRef.current)
    if (selected && selectionChanged) revealAboveSheet(map, selected)
  }, [map, selectedId, highlight, tint])

  return null
}

function styleOf(grid: GridProperties, marks: Marks): L.PathOptions {
  const selected = grid.id === marks.selectedId
  const base = gridStyle(grid, selected, scopeMark(marks.highlight, grid.id))
  // Grids outside the scope stay plainly grey even when a case the user reported lies in them.
  const tinted = selected || scopeMark(marks.highlight, grid.id) === 'out' ? null : marks.tint?.(grid.id)
  return tinted ? { ...base, ...tinted } : base
}

/**
 * Draws grids in scope after the others, and the selected grid last, so their firmer outlines are not hidden
 * under their neighbours' edges (the canvas paints in order). Returns the selected grid's polygon.
 */
function raiseMarked(layer: L.GeoJSON, { selectedId, highlight }: Marks): L.Polygon | null {
  let selected: L.Polygon | null = null
  layer.eachLayer((child) => {
    const path = child as GridPath
    const id = path.feature?.properties.id
    if (id === undefined) return
    if (id === selectedId) selected = path as L.Polygon
    else if (highlight?.has(id)) path.bringToFront()
  })
  ;(selected as L.Polygon | null)?.bringToFront()
  return selected
}

/**
 * On narrow screens the details open as a bottom sheet over the lower part of the map (grid-panel.css); a grid
 * tapped there would vanish under it, so the map pans it above the sheet. The sheet is measured rather than
 * assumed, because on pages with a card above the map (the worker's) it covers more than half of the map.
 */
function revealAboveSheet(map: L.Map, selected: L.Polygon): void {
  if (!window.matchMedia('(max-width: 700px)').matches) return
  const container = map.getContainer()
  const sheet = container.closest('.map-page')?.querySelector('.grid-panel')
  const mapBottom = container.getBoundingClientRect().bottom
  const covered = sheet ? Math.max(0, mapBottom - sheet.getBoundingClientRect().top) : map.getSize().y * 0.5
  map.panInside(selected.getBounds().getCenter(), { paddingBottomRight: [0, covered + 16], paddingTopLeft: [0, 16] })
}
