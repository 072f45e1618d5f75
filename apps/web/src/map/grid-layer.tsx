import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useMap } from 'react-leaflet'
import type { GridProperties } from '../api/types.ts'
import type { CellInView, CellPaint, GridCellTiles } from './grid-cell-tiles.ts'
import { gridStyle } from './grid-style.ts'
import { scopeMark, type ScopeHighlight } from './scope-highlight.ts'

/** Extra fill for a grid (the live map colours grids by their open and overdue cases), or null for none. */
export type GridTint = ((gridId: number) => L.PathOptions | null) | null

interface GridLayerProps {
  tiles: GridCellTiles | null
  /** The view's grids, to find the selected one's place on the map. */
  cells: CellInView[]
  selectedId: number | null
  highlight: ScopeHighlight
  tint?: GridTint | undefined
  onSelect: (id: number) => void
}

const canHover = window.matchMedia('(hover: hover)').matches

/**
 * Selection, scope and tint on the grid tiles: a change repaints the tiles already loaded (no request), a click
 * selects the grid under the pointer, found in the tile's own cells. Names show on hover for a mouse user to aim;
 * on touch screens a tap opens the panel, which names the grid.
 */
export function GridLayer({ tiles, cells, selectedId, highlight, tint = null, onSelect }: GridLayerProps) {
  const map = useMap()
  const onSelectRef = useRef(onSelect)
  useEffect(() => {
    onSelectRef.current = onSelect
  })

  useEffect(() => {
    tiles?.repaint((grid) => paintOf(grid, { selectedId, highlight, tint }))
  }, [tiles, selectedId, highlight, tint])

  useEffect(() => {
    if (!tiles) return
    const container = map.getContainer()
    const tooltip = L.tooltip({ sticky: true, direction: 'top', className: 'grid-tooltip' })
    let hovered: number | null = null
    const click = (event: L.LeafletMouseEvent) => {
      const grid = tiles.cellAt(event.latlng)
      if (grid) onSelectRef.current(grid.id)
    }
    const hover = (event: L.LeafletMouseEvent) => {
      const grid = tiles.cellAt(event.latlng)
      container.classList.toggle('grid-cell-hover', grid !== null)
      if (!canHover) return
      if (!grid) {
        hovered = null
        map.closeTooltip(tooltip)
        return
      }
      tooltip.setLatLng(event.latlng)
      if (grid.id !== hovered) {
        hovered = grid.id
        tooltip.setContent(grid.name)
        map.openTooltip(tooltip)
      }
    }
    const leave = () => {
      hovered = null
      map.closeTooltip(tooltip)
    }
    map.on('click', click)
    map.on('mousemove', hover)
    map.on('mouseout', leave)
    return () => {
      map.off('click', click)
      map.off('mousemove', hover)
      map.off('mouseout', leave)
      map.closeTooltip(tooltip)
    }
  }, [map, tiles])

  // A grid tapped under the phone's bottom sheet is panned above it, once per new selection.
  const revealed = useRef<number | null>(null)
  useEffect(() => {
    if (selectedId === null || revealed.current === selectedId) return
    const selected = cells.find((cell) => cell.grid.id === selectedId)
    if (!selected) return
    revealed.current = selectedId
    revealAboveSheet(map, selected.centre)
  }, [map, cells, selectedId])

  return null
}

interface Marks {
  selectedId: number | null
  highlight: ScopeHighlight
  tint: GridTint
}

function paintOf(grid: GridProperties, marks: Marks): CellPaint {
  const selected = grid.id === marks.selectedId
  const mark = scopeMark(marks.highlight, grid.id)
  const base = gridStyle(grid, selected, mark)
  // Grids outside the scope stay plainly grey even when a case the user reported lies in them.
  const tinted = selected || mark === 'out' ? null : marks.tint?.(grid.id)
  // Grids in scope after the others and the selected grid last, so their firmer outlines are not hidden under
  // their neighbours' edges (the canvas paints in order).
  return { style: tinted ? { ...base, ...tinted } : base, order: selected ? 2 : mark === 'in' ? 1 : 0 }
}

/**
 * On narrow screens the details open as a bottom sheet over the lower part of the map (grid-panel.css); a grid
 * tapped there would vanish under it, so the map pans it above the sheet. The sheet is measured rather than
 * assumed, because on pages with a card above the map (the worker's) it covers more than half of the map.
 */
function revealAboveSheet(map: L.Map, centre: L.LatLng): void {
  if (!window.matchMedia('(max-width: 700px)').matches) return
  const container = map.getContainer()
  const sheet = container.closest('.map-page')?.querySelector('.grid-panel')
  const mapBottom = container.getBoundingClientRect().bottom
  const covered = sheet ? Math.max(0, mapBottom - sheet.getBoundingClientRect().top) : map.getSize().y * 0.5
  map.panInside(centre, { paddingBottomRight: [0, covered + 16], paddingTopLeft: [0, 16] })
}
