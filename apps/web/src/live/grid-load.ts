import type { PathOptions } from 'leaflet'
import { isOverdue } from '@wangge/workflow'
import type { IncidentPoint } from '../api/incident-types.ts'
import type { GridTint } from '../map/grid-layer.tsx'

export interface GridLoad {
  open: number
  overdue: number
}

const CLOSED = new Set(['closed', 'rejected'])

/**
 * Open and overdue cases per grid, counted for all three levels at once (each case counts for its community,
 * area and unit grid), so whichever level the zoom shows can be coloured without asking the server again.
 */
export function gridLoads(points: ReadonlyMap<string, IncidentPoint>, now = Date.now()): Map<number, GridLoad> {
  const loads = new Map<number, GridLoad>()
  for (const p of points.values()) {
    if (CLOSED.has(p.status)) continue
    const overdue = isOverdue(p, now)
    for (const id of p.grids) {
      const load = loads.get(id) ?? { open: 0, overdue: 0 }
      load.open += 1
      if (overdue) load.overdue += 1
      loads.set(id, load)
    }
  }
  return loads
}

/** Red where cases are overdue, amber deepening with the open cases, nothing where all is done. */
export function loadTint(loads: ReadonlyMap<number, GridLoad>): GridTint {
  return (gridId: number): PathOptions | null => {
    const load = loads.get(gridId)
    if (!load || load.open === 0) return null
    if (load.overdue > 0) return { fillColor: '#ef4444', fillOpacity: Math.min(0.25 + load.overdue * 0.05, 0.6) }
    return { fillColor: '#f59e0b', fillOpacity: Math.min(0.15 + load.open * 0.03, 0.5) }
  }
}
