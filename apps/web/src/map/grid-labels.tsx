import L from 'leaflet'
import { useEffect } from 'react'
import { useMap } from 'react-leaflet'
import type { GridCollection, GridProperties } from '../api/types.ts'
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
export function GridLabels({ collection }: { collection: GridCollection | null }) {
  const map = useMap()
  const groupRef = useLayerGroup(map)

  useEffect(() => {
    const draw = () => {
      const group = groupRef.current
      if (!group) return
      group.clearLayers()
      if (!collection) return
      const pane = paneOf(map, 'gridLabels')
      const view = map.getSize()
      const placed: Placed[] = []
      const candidates = collection.features
        .map((feature) => ({ grid: feature.properties, ...pixelBox(map, feature.geometry) }))
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
  }, [map, groupRef, collection])

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
 * The grid's size on screen (its bounding box) and where its label goes: the area-weighted centre of its largest
 * ring, which for the street's near-convex grids lies inside them.
 */
function pixelBox(
  map: L.Map,
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon,
): { anchor: L.Point; width: number; height: number } {
  const rings =
    geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.coordinates.map((polygon) => polygon[0]!)
  const points = rings.map((ring) => ring.map(([lng, lat]) => map.latLngToContainerPoint([lat!, lng!])))
  let largest = points[0]!
  let largestArea = 0
  for (const ring of points) {
    const area = Math.abs(signedArea(ring))
    if (area > largestArea) {
      largest = ring
      largestArea = area
    }
  }
  const bounds = L.bounds(largest)
  const size = bounds.getSize()
  return { anchor: centroid(largest) ?? bounds.getCenter(), width: size.x, height: size.y }
}

function signedArea(ring: L.Point[]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += ring[j]!.x * ring[i]!.y - ring[i]!.x * ring[j]!.y
  return sum / 2
}

function centroid(ring: L.Point[]): L.Point | null {
  const area = signedArea(ring)
  if (Math.abs(area) < 1) return null
  let x = 0
  let y = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const cross = ring[j]!.x * ring[i]!.y - ring[i]!.x * ring[j]!.y
    x += (ring[j]!.x + ring[i]!.x) * cross
    y += (ring[j]!.y + ring[i]!.y) * cross
  }
  return L.point(x / (6 * area), y / (6 * area))
}
