import type { ColumnType, Generated, GeneratedAlways } from 'kysely'

/** Geometry is never read raw: queries go through the PostGIS helpers in postgis.ts. */
type Geometry = ColumnType<unknown, string, string>

export interface GridsTable {
  id: GeneratedAlways<number>
  level: 1 | 2 | 3
  code: string
  name: string
  parent_id: number | null
  parent_level: GeneratedAlways<number | null>
  geom: Geometry
  area_m2: number
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** Pre-simplified GeoJSON features per map zoom (see migration 0002). */
export interface GridShapesTable {
  zoom: number
  grid_id: number
  feature: string
}

export interface Database {
  grids: GridsTable
  grid_shapes: GridShapesTable
}
