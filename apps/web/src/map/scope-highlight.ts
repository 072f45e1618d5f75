import type { Scope } from '../api/account-types.ts'
import type { ApiResource } from '../api/use-api-query.ts'
import type { ScopeMark } from './grid-style.ts'

/** The grid ids to highlight, or null when every grid is drawn alike. */
export type ScopeHighlight = ReadonlySet<number> | null

/**
 * Street-wide users see the map plain. So does anyone whose scope is not (yet) known: a failed scope request must
 * not grey out the whole map as if the user had no grids at all.
 */
export function scopeHighlight(resource: ApiResource<Scope>): ScopeHighlight {
  if (resource.status !== 'ready' || resource.data.streetWide) return null
  return new Set(resource.data.gridIds)
}

export function scopeMark(highlight: ScopeHighlight, gridId: number): ScopeMark {
  if (highlight === null) return 'all'
  return highlight.has(gridId) ? 'in' : 'out'
}
