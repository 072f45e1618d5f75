import { levelForZoom, type GridLevel } from '@wangge/grid'
import { useCallback, useEffect, useState } from 'react'
import type { TileErrorEvent } from 'leaflet'
import { useMap } from 'react-leaflet'
import { fetchGridTile } from '../api/grids.ts'
import { gridStyle } from './grid-style.ts'
import { GridCellTiles, type CellInView } from './grid-cell-tiles.ts'
import { paneOf } from './pane.ts'

export interface GridTiles {
  /** The tile layer on the map, created once per map. */
  layer: GridCellTiles
  /** The grids of the view once its tiles are in (labels and the status line read them). */
  cells: CellInView[]
  /** The level the current view shows (follows zoom, as the server cuts the tiles). */
  level: GridLevel
  loading: boolean
  error: Error | null
  reload: () => void
}

/**
 * The grid cells of the view as vector tiles: Leaflet asks for the tiles the view needs and drops those it left,
 * so a move costs only the new tiles' requests (and a tile seen before is a 304). The view's grids are read from
 * the loaded tiles each time they are all in.
 */
export function useGridTiles(): GridTiles {
  const map = useMap()
  // Created once per map and added to it by the effect below (which may add it again after a remove).
  const [layer] = useState(
    () =>
      new GridCellTiles(fetchGridTile, (grid) => ({ style: gridStyle(grid, false), order: 0 }), {
        pane: paneOf(map, 'gridCells'),
        // Tiles above the street's zoom range would be cut for nobody; Leaflet scales the last ones past it.
        maxNativeZoom: 19,
      }),
  )
  const [cells, setCells] = useState<CellInView[]>([])
  const [level, setLevel] = useState<GridLevel>(() => levelForZoom(Math.round(map.getZoom())))
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<Error | null>(null)

  useEffect(() => {
    const tiles = layer
    const readView = () => {
      setCells(tiles.cellsInView())
      setLevel(levelForZoom(Math.round(map.getZoom())))
    }
    tiles.on('loading', () => setLoading(true))
    tiles.on('load', () => {
      setLoading(false)
      readView()
    })
    tiles.on('tileerror', (event: TileErrorEvent) => setError(event.error))
    map.on('moveend', readView)
    tiles.addTo(map)
    return () => {
      map.off('moveend', readView)
      tiles.off('loading load tileerror')
      tiles.remove()
    }
  }, [map, layer])

  const reload = useCallback(() => {
    setError(null)
    layer.redraw()
  }, [layer])

  return { layer, cells, level, loading, error, reload }
}
