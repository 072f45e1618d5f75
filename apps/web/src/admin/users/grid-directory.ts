import { GRID_CODE_LENGTH, GRID_LEVELS, type GridLevel } from '@wangge/grid'
import { fetchGridLayer } from '../../api/grids.ts'
import type { GridSummary } from '../../api/types.ts'

/**
 * Grid codes typed by an admin turned into grids. The API has no lookup by code, so each level's grids are
 * fetched once (coarse shapes, the smallest form the layer offers) and kept for the page's life; a level is
 * known from the code's length (12, 14 or 15 digits).
 */
const levels = new Map<GridLevel, Promise<Map<string, GridSummary>>>()

function gridsOfLevel(level: GridLevel): Promise<Map<string, GridSummary>> {
  let grids = levels.get(level)
  if (!grids) {
    grids = fetchGridLayer({ level, zoom: 12 }, new AbortController().signal).then(
      (collection) =>
        new Map(
          collection.features.map(({ properties: { id, code, level, name } }) => [code, { id, code, level, name }]),
        ),
    )
    // A failed fetch must not stay cached: the next attempt asks again.
    grids.catch(() => levels.delete(level))
    levels.set(level, grids)
  }
  return grids
}

/** Codes separated by spaces, commas (ASCII or Chinese), 、 or new lines; each once, in the order typed. */
export function parseGridCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).filter(Boolean))]
}

export interface ResolvedCodes {
  grids: GridSummary[]
  unknown: string[]
}

export async function resolveGridCodes(codes: readonly string[]): Promise<ResolvedCodes> {
  const grids: GridSummary[] = []
  const unknown: string[] = []
  for (const code of codes) {
    const level = levelOfCode(code)
    const grid = level === undefined ? undefined : (await gridsOfLevel(level)).get(code)
    if (grid) grids.push(grid)
    else unknown.push(code)
  }
  return { grids, unknown }
}

function levelOfCode(code: string): GridLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined
  return GRID_LEVELS.find((level) => GRID_CODE_LENGTH[level] === code.length)
}
