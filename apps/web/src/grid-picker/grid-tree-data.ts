import { useQuery } from '@tanstack/react-query'
import type { GridLevel } from '@wangge/grid'
import { gridLayerQuery } from '../api/grids.ts'
import type { GridCollection, GridProperties } from '../api/types.ts'

/**
 * The coarsest shapes the layer offers: the picker reads only names and codes, so the smallest reply will do
 * (the admin's code lookup, admin/users/grid-directory.ts, asks at the same zoom).
 */
const PICKER_ZOOM = 12

const propertiesOf = (collection: GridCollection | undefined): GridProperties[] =>
  (collection?.features.map((f) => f.properties) ?? []).sort((a, b) => a.code.localeCompare(b.code))

/** One level's grids, or one parent's children: fetched when `enabled`, kept in the app's cache. */
export function useGridLevel(
  level: GridLevel,
  { parent, enabled = true }: { parent?: number; enabled?: boolean } = {},
) {
  const query = useQuery({ ...gridLayerQuery({ level, parent, zoom: PICKER_ZOOM }), enabled })
  return { grids: propertiesOf(query.data), status: query.status, isFetching: query.isFetching }
}

/** Grids whose name or code contains the text (case-insensitive), communities first, then by code. */
export function matchGrids(grids: readonly GridProperties[], text: string, limit: number): GridProperties[] {
  const needle = text.trim().toLowerCase()
  if (!needle) return []
  return grids
    .filter((g) => g.name.toLowerCase().includes(needle) || g.code.includes(needle))
    .sort((a, b) => a.level - b.level || a.code.localeCompare(b.code))
    .slice(0, limit)
}
