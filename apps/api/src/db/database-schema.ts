import type { ColumnType, Generated, GeneratedAlways } from 'kysely'
import type { Role } from '@wangge/accounts'

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

export interface DepartmentsTable {
  id: GeneratedAlways<number>
  code: string
  name: string
  name_en: string
}

export interface UsersTable {
  id: GeneratedAlways<number>
  name: string
  phone: string
  password_hash: string
  role: Role
  department_id: number | null
  active: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface UserGridsTable {
  user_id: number
  grid_id: number
}

export interface SessionsTable {
  sid: string
  user_id: number | null
  data: ColumnType<unknown, string, string>
  expires_at: Date
}

export interface AuditLogTable {
  id: GeneratedAlways<string>
  at: Generated<Date>
  actor_id: number | null
  action: string
  entity: string
  entity_id: string | null
  before: ColumnType<unknown, string | null, never>
  after: ColumnType<unknown, string | null, never>
  address: string | null
}

export interface Database {
  audit_log: AuditLogTable
  grids: GridsTable
  grid_shapes: GridShapesTable
  departments: DepartmentsTable
  users: UsersTable
  user_grids: UserGridsTable
  sessions: SessionsTable
}
