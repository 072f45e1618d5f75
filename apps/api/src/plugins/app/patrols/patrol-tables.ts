import type { ColumnType, Generated, GeneratedAlways } from 'kysely'

/** Geometry is never read raw: queries go through PostGIS functions. */
type Geometry = ColumnType<unknown, string, string>

/** The street's patrol rules and the tracks' retention (migration 0045; one row). */
export interface PatrolSettingsTable {
  id: Generated<boolean>
  retention_days: number
  max_accuracy_m: number
  max_speed_mps: number
  weekly_visits_per_grid: number
  updated_at: Generated<Date>
}

export interface PatrolsTable {
  id: GeneratedAlways<string>
  client_id: string
  worker_id: number
  started_at: Date
  ended_at: Date | null
  length_m: Generated<number>
  point_count: Generated<number>
  outlier_count: Generated<number>
  last_location: Geometry | null
  last_at: Date | null
}

export interface PatrolPointsTable {
  patrol_id: string
  client_point_id: string
  at: Date
  location: Geometry
  accuracy_m: number | null
}

export interface PatrolGridsTable {
  patrol_id: string
  grid_id: number
  first_at: Date
  last_at: Date
}

export interface PatrolIncidentsTable {
  patrol_id: string
  incident_id: string
}

// The patrol tables join the schema from here, so the capability's files are its own (database-schema.ts is shared).
declare module '../../../db/database-schema.ts' {
  interface Database {
    patrol_settings: PatrolSettingsTable
    patrols: PatrolsTable
    patrol_points: PatrolPointsTable
    patrol_grids: PatrolGridsTable
    patrol_incidents: PatrolIncidentsTable
  }
}
