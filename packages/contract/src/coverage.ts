import { Type, type Static } from '@sinclair/typebox'
import { Day, Id } from './schema-types.ts'

export const CoverageGridsQuery = Type.Object({
  grid: Type.Optional(Id({ description: '只看此网格（含下级）/ only this grid’s subtree' })),
  week: Type.Optional(Day({ description: '该日所在周（周一至周日）/ the week holding this day; default this week' })),
})
export type CoverageGridsQuery = Static<typeof CoverageGridsQuery>

/** A unit grid's patrol coverage: when it was last patrolled and how often in the week. */
export const GridCoverage = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  lastPatrolledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  daysSince: Type.Union([Type.Integer(), Type.Null()], { description: '距上次巡查天数；从未巡查为 null' }),
  weekVisits: Type.Integer({ description: '本周经过它的巡查次数 / patrols through it in the week' }),
})
export type GridCoverage = Static<typeof GridCoverage>

export const GridCoverageReply = Type.Object({
  week: Type.String({ description: '周一 / the week’s Monday' }),
  items: Type.Array(GridCoverage),
})
export type GridCoverageReply = Static<typeof GridCoverageReply>

export const CoverageWeekQuery = Type.Object({ week: Type.Optional(Day()) })

/** A worker's week: of their unit grids, how many they patrolled. */
export const WorkerCoverage = Type.Object({
  workerId: Type.Integer(),
  name: Type.String(),
  unitGrids: Type.Integer(),
  visitedGrids: Type.Integer(),
  share: Type.Number({ description: '0–1' }),
})
export type WorkerCoverage = Static<typeof WorkerCoverage>

export const WorkerCoverageReply = Type.Object({ week: Type.String(), items: Type.Array(WorkerCoverage) })
export type WorkerCoverageReply = Static<typeof WorkerCoverageReply>

/** The street's rule (each unit grid at least N patrols a week) and the grids that miss it, with their workers. */
export const CoverageRuleReply = Type.Object({
  week: Type.String(),
  weeklyVisitsPerGrid: Type.Integer(),
  gridCount: Type.Integer({ description: '范围内单元网格数 / unit grids in scope' }),
  missing: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      visits: Type.Integer(),
      workers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    }),
  ),
})
export type CoverageRuleReply = Static<typeof CoverageRuleReply>
