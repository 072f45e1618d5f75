import { rollUpCompliance, type ComplianceRollUp } from '@wangge/stations'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { StationSummary } from './station-list.ts'
import type { StationsRepository } from './stations-repository.ts'

export interface GridComplianceRow extends Omit<ComplianceRollUp, 'gridId'> {
  grid: { id: number; code: string; name: string }
}

/** More stations than a street has: the roll-up reads all of them in one go, never an unbounded query. */
const STATION_CEILING = 10_000

/**
 * Compliance per grid of a level (communities or areas) over the active stations the user may see, each station
 * counted towards its own grid and the grids above it. Grids come in code order, those without stations included
 * (a grid with no station is something to report too).
 */
export async function complianceByGrid(
  stations: StationsRepository,
  user: SignedInUser,
  level: 1 | 2,
  now = new Date(),
): Promise<GridComplianceRow[]> {
  const grids = await stations.gridsOfLevel(user, level)
  const active = await stations.list(user, { active: true }, { limit: STATION_CEILING, now })
  const rows = rollUpCompliance(
    grids.map((g) => g.id),
    active.map(forRollUp),
  )
  return rows.map(({ gridId, ...row }, index) => ({ grid: grids[index]!, ...row }))
}

export function forRollUp(station: StationSummary) {
  return {
    gridIds: [station.gridIds.l1, ...(station.gridIds.l2 === null ? [] : [station.gridIds.l2])],
    compliant: station.compliance.compliant,
    due: station.compliance.due,
    latestItems: station.latestItems,
  }
}
