import { communityCodeOf, type GridLevel } from '@wangge/grid'
import type { PathOptions } from 'leaflet'

// Outlines get finer as the level gets deeper, so the unit-grid mesh at close zoom does not drown the map.
const OUTLINE: Record<GridLevel, { color: string; weight: number; fillOpacity: number }> = {
  1: { color: '#0f5e6e', weight: 2.5, fillOpacity: 0.32 },
  2: { color: '#24574f', weight: 1.5, fillOpacity: 0.28 },
  3: { color: '#44556a', weight: 0.8, fillOpacity: 0.24 },
}

// One soft hue per community, shared by all its areas and unit grids: with no basemap (offline) the colours
// are what lets a user see which community they are looking at.
const COMMUNITY_FILLS = [
  '#8ecae6',
  '#b5e48c',
  '#ffd6a5',
  '#cdb4db',
  '#a0c4ff',
  '#fdffb6',
  '#ffadad',
  '#9bf6ff',
  '#caffbf',
  '#e9c46a',
]

const SELECTED: PathOptions = { color: '#c2410c', fillColor: '#fb923c', fillOpacity: 0.5 }

// Outside the user's scope: grey and faint, still there for orientation but plainly not theirs.
const OUT_OF_SCOPE: PathOptions = { color: '#8a96a0', opacity: 0.55, fillColor: '#c3cad0', fillOpacity: 0.12 }

/**
 * `all`: no scope to show (street-wide roles, or the scope is not known); `in` / `out`: inside or outside the
 * signed-in user's grids. Grids in scope keep their community colour, a little stronger, with a firmer outline.
 */
export type ScopeMark = 'all' | 'in' | 'out'

export function gridStyle(
  grid: { level: GridLevel; code: string },
  selected: boolean,
  scope: ScopeMark = 'all',
): PathOptions {
  const outline = OUTLINE[grid.level]
  let base: PathOptions = { ...outline, fillColor: communityFill(grid.code) }
  if (scope === 'in')
    base = { ...base, color: '#0b4753', weight: outline.weight + 1, fillOpacity: outline.fillOpacity + 0.16 }
  if (scope === 'out') base = { ...base, ...OUT_OF_SCOPE }
  return selected ? { ...base, ...SELECTED, opacity: 1, weight: outline.weight + 2 } : base
}

function communityFill(code: string): string {
  // The last three digits of the community code are its sequence inside the street.
  const sequence = Number(communityCodeOf(code).slice(-3))
  const fill = Number.isFinite(sequence) ? COMMUNITY_FILLS[sequence % COMMUNITY_FILLS.length] : undefined
  return fill ?? '#dddddd'
}
