import L from 'leaflet'
import type { GridProperties } from '../api/types.ts'
import { cellContains, decodeTileCells, ringMoments, type TileCell } from './tile-cells.ts'

/** How a cell is painted, and in what order: higher `order` on top (scope above the rest, the selection last). */
export interface CellPaint {
  style: L.PathOptions
  order: number
}

export type TileSource = (tile: { z: number; x: number; y: number }, signal: AbortSignal) => Promise<ArrayBuffer>

/** A grid in the current view, merged from its pieces in every loaded tile: where to label it and how big it is. */
export interface CellInView {
  grid: GridProperties
  bounds: L.LatLngBounds
  /** The area-weighted centre of its pieces (its buffers overlap by a pixel or two: near enough for a label). */
  centre: L.LatLng
}

interface LoadedTile {
  coords: L.Coords
  canvas: HTMLCanvasElement
  cells: TileCell[]
}

const keyOf = ({ x, y, z }: { x: number; y: number; z: number }) => `${x}:${y}:${z}`

/**
 * The grid cells as canvas tiles cut from the API's vector tiles: each tile is fetched once, decoded once and kept
 * with its cells, so a new selection or scope repaints the loaded tiles without a request, and a click is answered
 * by testing the point against the cells of the one tile under it. Canvases clip at their edges, so a polygon cut
 * at a tile's buffer never shows the cut as an outline.
 */
export class GridCellTiles extends L.GridLayer {
  private readonly loaded = new Map<string, LoadedTile>()
  private readonly inFlight = new Map<string, AbortController>()

  constructor(
    private readonly source: TileSource,
    private paintOf: (grid: GridProperties) => CellPaint,
    options?: L.GridLayerOptions,
  ) {
    super(options)
    this.on('tileunload', (event: L.TileEvent) => {
      const key = keyOf(event.coords)
      this.inFlight.get(key)?.abort()
      this.inFlight.delete(key)
      this.loaded.delete(key)
    })
  }

  protected override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const canvas = L.DomUtil.create('canvas', 'grid-cell-tile')
    const size = this.getTileSize()
    const ratio = window.devicePixelRatio || 1
    canvas.width = size.x * ratio
    canvas.height = size.y * ratio
    canvas.style.width = `${size.x}px`
    canvas.style.height = `${size.y}px`
    // Names the tile on the page, so a browser test can tell where a pixel lies on the earth.
    canvas.dataset.tile = `${coords.z}/${coords.x}/${coords.y}`
    const key = keyOf(coords)
    const controller = new AbortController()
    this.inFlight.set(key, controller)
    this.source({ z: coords.z, x: coords.x, y: coords.y }, controller.signal).then(
      (bytes) => {
        if (controller.signal.aborted) return
        this.inFlight.delete(key)
        const tile = { coords, canvas, cells: decodeTileCells(bytes) }
        this.loaded.set(key, tile)
        this.paint(tile)
        done(undefined, canvas)
      },
      (error: unknown) => {
        // A tile scrolled away before it arrived is no error.
        if (controller.signal.aborted) return
        this.inFlight.delete(key)
        done(error instanceof Error ? error : new Error(String(error)), canvas)
      },
    )
    return canvas
  }

  /** New colours (selection, scope, live tint): every loaded tile is painted again from the cells it keeps. */
  repaint(paintOf: (grid: GridProperties) => CellPaint): void {
    this.paintOf = paintOf
    for (const tile of this.loaded.values()) this.paint(tile)
  }

  /** The grid drawn at a point of the current zoom's tiles, or null where there is none (or it is not loaded). */
  cellAt(latlng: L.LatLng): GridProperties | null {
    const map = this._map as L.Map | undefined
    if (!map) return null
    const z = Math.round(map.getZoom())
    const size = this.getTileSize()
    const pixel = map.project(latlng, z)
    const x = Math.floor(pixel.x / size.x)
    const y = Math.floor(pixel.y / size.y)
    const tile = this.loaded.get(keyOf({ x, y, z }))
    if (!tile) return null
    for (const cell of tile.cells) {
      const point = {
        x: ((pixel.x - x * size.x) / size.x) * cell.extent,
        y: ((pixel.y - y * size.y) / size.y) * cell.extent,
      }
      if (cellContains(cell, point)) return cell.grid
    }
    return null
  }

  /** Every grid in the loaded tiles of the current zoom that lie in view, each once. */
  cellsInView(): CellInView[] {
    const map = this._map as L.Map | undefined
    if (!map) return []
    const z = Math.round(map.getZoom())
    const size = this.getTileSize()
    const view = map.getBounds()
    const merged = new Map<
      number,
      { grid: GridProperties; bounds: L.LatLngBounds; area: number; cx: number; cy: number }
    >()
    for (const tile of this.loaded.values()) {
      if (tile.coords.z !== z) continue
      const origin = L.point(tile.coords.x * size.x, tile.coords.y * size.y)
      const tileBounds = L.latLngBounds(map.unproject(origin, z), map.unproject(origin.add(size), z))
      if (!view.intersects(tileBounds)) continue
      // Tile units to global pixels of this zoom, where pieces of one grid from different tiles add up.
      const toPixel = (p: { x: number; y: number }, extent: number) =>
        L.point(origin.x + (p.x / extent) * size.x, origin.y + (p.y / extent) * size.y)
      for (const cell of tile.cells) {
        const entry = merged.get(cell.grid.id) ?? {
          grid: cell.grid,
          bounds: L.latLngBounds([]),
          area: 0,
          cx: 0,
          cy: 0,
        }
        for (const ring of cell.rings) {
          const pixels = ring.map((p) => toPixel(p, cell.extent))
          for (const p of pixels) entry.bounds.extend(map.unproject(p, z))
          const moments = ringMoments(pixels)
          entry.area += moments.area
          entry.cx += moments.cx
          entry.cy += moments.cy
        }
        merged.set(cell.grid.id, entry)
      }
    }
    return [...merged.values()]
      .filter((entry) => entry.bounds.isValid() && entry.bounds.intersects(view))
      .map((entry) => ({
        grid: entry.grid,
        bounds: entry.bounds,
        centre:
          Math.abs(entry.area) > 1e-9
            ? map.unproject(L.point(entry.cx / (3 * entry.area), entry.cy / (3 * entry.area)), z)
            : entry.bounds.getCenter(),
      }))
  }

  private paint({ canvas, cells }: LoadedTile): void {
    const context = canvas.getContext('2d')
    if (!context) return
    const size = this.getTileSize()
    const ratio = canvas.width / size.x
    context.setTransform(1, 0, 0, 1, 0, 0)
    context.clearRect(0, 0, canvas.width, canvas.height)
    context.lineJoin = 'round'
    const painted = cells.map((cell) => ({ cell, ...this.paintOf(cell.grid) })).sort((a, b) => a.order - b.order)
    for (const { cell, style } of painted) {
      const scale = (size.x * ratio) / cell.extent
      context.beginPath()
      for (const ring of cell.rings) {
        ring.forEach((p, i) =>
          i === 0 ? context.moveTo(p.x * scale, p.y * scale) : context.lineTo(p.x * scale, p.y * scale),
        )
        context.closePath()
      }
      if (style.fill !== false) {
        context.globalAlpha = style.fillOpacity ?? 0.2
        context.fillStyle = style.fillColor ?? style.color ?? '#3388ff'
        context.fill('evenodd')
      }
      if (style.stroke !== false) {
        context.globalAlpha = style.opacity ?? 1
        context.strokeStyle = style.color ?? '#3388ff'
        context.lineWidth = (style.weight ?? 1) * ratio
        context.stroke()
      }
    }
    context.globalAlpha = 1
  }
}
