import L from 'leaflet'
import { useEffect } from 'react'
import { useMap } from 'react-leaflet'
import type { GridProperties } from '../api/types.ts'
import type { CellInView } from './grid-cell-tiles.ts'
import { paneOf } from './pane.ts'
import { useLayerGroup } from './use-layer-group.ts'

/** Must match .grid-label in map-page.css: the labels are measured before they are drawn. */
const FONT = '600 12px system-ui, sans-serif'
const LINE_HEIGHT = 15
const PADDING = 6
/** Labels keep this far apart, so neighbours read as two names and not one line. */
const GAP = 4

interface Placed {
  x: number
  y: number
  width: number
  height: number
}

/**
 * Names on the grids of the current view, as the view's level follows zoom: communities when the street is in view,
 * areas in between, unit grids up close with their code once there is room for it. A label is drawn only where it
 * fits inside its grid and clear of the labels already placed (larger grids first), so a zoomed-out view never turns
 * into a pile of text.
 */
export function GridLabels({ cells }: { cells: CellInView[] }) {
  const map = useMap()
  const groupRef = useLayerGroup(map)

  useEffect(() => {
    const draw = () => {
      const group = groupRef.current
      if (!group) return
      group.clearLayers()
      const pane = paneOf(map, 'gridLabels')
      const view = map.getSize()
      const placed: Placed[] = []
      const candidates = cells
        .map((cell) => ({ grid: cell.grid, ...pixelBox(map, cell) }))
        .sort((a, b) => b.width * b.height - a.width * a.height)
      for (const candidate of candidates) {
        const lines = linesThatFit(candidate.grid, candidate.width, candidate.height)
        if (!lines) continue
        const size = labelSize(lines)
        const box = { x: candidate.anchor.x - size.width / 2, y: candidate.anchor.y - size.height / 2, ...size }
        // A label cut by the map's edge reads as a different name; it is drawn once its grid is in view.
        const inView = box.x >= 0 && box.y >= 0 && box.x + box.width <= view.x && box.y + box.height <= view.y
        if (!inView || placed.some((other) => overlaps(box, other))) continue
        placed.push(box)
        group.addLayer(
          L.marker(map.containerPointToLatLng(candidate.anchor), {
            icon: labelIcon(lines, size),
            pane,
            interactive: false,
            keyboard: false,
          }),
        )
      }
    }
    draw()
    map.on('moveend', draw)
    return () => {
      map.off('moveend', draw)
    }
  }, [map, groupRef, cells])

  return null
}

/** The longest text first: the name with the code below it, then the name alone. */
function linesThatFit(grid: GridProperties, width: number, height: number): string[] | null {
  const variants = grid.level === 3 ? [[grid.name, grid.code], [grid.name]] : [[grid.name]]
  for (const lines of variants) {
    const size = labelSize(lines)
    if (size.width <= width - 2 * PADDING && size.height <= height - 2 * PADDING) return lines
  }
  return null
}

let context: CanvasRenderingContext2D | null = null

function textWidth(text: string): number {
  context ??= document.createElement('canvas').getContext('2d')
  if (!context) return text.length * 12
  context.font = FONT
  return context.measureText(text).width
}

function labelSize(lines: string[]): { width: number; height: number } {
  return { width: Math.ceil(Math.max(...lines.map(textWidth))) + 8, height: lines.length * LINE_HEIGHT + 4 }
}

function overlaps(a: Placed, b: Placed): boolean {
  return (
    a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP
  )
}

// Built as elements and sized through element.style: style="" markup is blocked by the Content-Security-Policy.
function labelIcon(lines: string[], size: { width: number; height: number }): L.DivIcon {
  const label = document.createElement('span')
  label.className = 'grid-label'
  label.dataset.testid = 'grid-label'
  label.style.width = `${size.width}px`
  label.style.height = `${size.height}px`
  lines.forEach((line, i) => {
    const row = document.createElement('span')
    row.className = i === 0 ? 'grid-label-name' : 'grid-label-code'
    row.textContent = line
    label.append(row)
  })
  return L.divIcon({
    className: '',
    html: label,
    iconSize: [size.width, size.height],
    iconAnchor: [size.width / 2, size.height / 2],
  })
}

/**
 * The grid's size on screen (its bounding box) and where its label goes: the area-weighted centre of its pieces,
 * which for the street's near-convex grids lies inside them.
 */
function pixelBox(map: L.Map, cell: CellInView): { anchor: L.Point; width: number; height: number } {
  const corner = map.latLngToContainerPoint(cell.bounds.getNorthWest())
  const opposite = map.latLngToContainerPoint(cell.bounds.getSouthEast())
  return {
    anchor: map.latLngToContainerPoint(cell.centre),
    width: Math.abs(opposite.x - corner.x),
    height: Math.abs(opposite.y - corner.y),
  }
}
