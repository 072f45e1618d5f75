import type { ColumnType, Generated, GeneratedAlways } from 'kysely'
import type { Role } from '@wangge/accounts'
import type { SixHaveCode, StationType } from '@wangge/stations'
import type { Open311ApiKeysTable, Open311RequestsTable } from './open311-schema.ts'

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

export interface CategoriesTable {
  id: GeneratedAlways<number>
  code: string
  parent_id: number | null
  kind: 'event' | 'component'
  name: string
  name_en: string
  default_department_id: number | null
  dispatch_limit_hours: ColumnType<string | null, number | null, number | null>
  handling_limit_unit: 'hours' | 'days' | null
  handling_limit_amount: ColumnType<string | null, number | null, number | null>
}

export interface CalendarDaysTable {
  day: ColumnType<string, string, string>
  working: boolean
  note: Generated<string>
}

export interface PhotosTable {
  sha256: string
  mime: string
  width: number
  height: number
  bytes: number
  created_at: Generated<Date>
}

/** The days whose case-number sequence has been restarted (migration 0010). */
export interface CaseNumberDaysTable {
  day: string
}

export interface IncidentsTable {
  id: GeneratedAlways<string>
  case_number: string
  client_id: string
  category_id: number
  description: string
  status: string
  location: Geometry
  accuracy_m: number | null
  address: string | null
  grid_l1_id: number
  grid_l2_id: number
  grid_l3_id: number
  reporter_id: number
  /** Where the case came from (migration 0020; @wangge/contract's INCIDENT_SOURCES). */
  source: 'worker' | 'supervisor' | 'hotline' | 'open311' | 'patrol'
  self_handled: Generated<boolean>
  assignee_user_id: number | null
  assignee_department_id: number | null
  registered_at: Date | null
  dispatched_at: Date | null
  due_at: Date | null
  handled_at: Date | null
  closed_at: Date | null
  closed_on_time: boolean | null
  rework_count: Generated<number>
  extension_count: Generated<number>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface IncidentHistoryTable {
  id: GeneratedAlways<string>
  incident_id: string
  at: Generated<Date>
  actor_id: number
  action: string
  from_status: string | null
  to_status: string
  note: string | null
  data: ColumnType<unknown, string | null, string | null>
}

export interface IncidentPhotosTable {
  incident_id: string
  history_id: string | null
  photo_sha256: string
  kind: 'before' | 'after'
  position: number
}

export interface StationsTable {
  id: GeneratedAlways<number>
  name: string
  type: StationType
  grid_id: number
  location: Geometry
  address: string
  contact_name: string
  contact_phone: string
  opening_hours: string
  active: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** Immutable once written (migration 0008): no update or delete. */
export interface StationAuditsTable {
  id: GeneratedAlways<string>
  client_id: string
  station_id: number
  auditor_id: number
  at: Generated<Date>
  location: Geometry
  accuracy_m: number | null
  distance_m: number
  off_site: boolean
  score: number
  passed_all: boolean
  note: string | null
}

export interface StationAuditItemsTable {
  audit_id: string
  item: SixHaveCode
  passed: boolean
  deduction: number
  note: string | null
}

export interface StationAuditPhotosTable {
  audit_id: string
  item: SixHaveCode
  position: number
  photo_sha256: string
}

export interface StationRectificationsTable {
  id: GeneratedAlways<string>
  station_id: number
  item: SixHaveCode
  opened_by_audit_id: string
  due_on: ColumnType<string, string, string>
  closed_by_audit_id: string | null
  closed_at: Date | null
}

export interface EventsTable {
  seq: GeneratedAlways<string>
  type: string
  at: Generated<Date>
  grid_l1_id: number | null
  grid_l2_id: number | null
  grid_l3_id: number | null
  data: ColumnType<unknown, string, string>
}

export interface WorkerPositionsTable {
  user_id: number
  location: Geometry
  accuracy_m: number | null
  grid_l1_id: number
  grid_l2_id: number
  grid_l3_id: number
  on_duty: Generated<boolean>
  at: Generated<Date>
}

/** A 12345 hotline work order (migration 0025): the city's number, its caller and limits, and how far it has got. */
export interface HotlineOrdersTable {
  id: GeneratedAlways<string>
  order_number: string
  incident_id: string
  caller_name_sealed: Buffer
  caller_phone_sealed: Buffer
  caller_name_masked: string
  caller_phone_masked: string
  called_at: Date
  sign_limit_hours: string
  finish_limit_days: string
  received_at: Generated<Date>
  received_by: number
  sign_due_at: Date
  finish_due_at: Date
  status: Generated<string>
  signed_at: Date | null
  first_replied_at: Date | null
  replied_at: Date | null
  returned_at: Date | null
  revisit_result: string | null
  revisited_at: Date | null
  redo_count: Generated<number>
}

/** What the street answered the city on an order (签收, 回单, 退单): the feed the city reads past `seq`. */
export interface HotlineRepliesTable {
  seq: GeneratedAlways<string>
  order_id: string
  kind: string
  at: Generated<Date>
  actor_id: number
  content: string | null
}

/** The city's revisit (回访) of an order its caller was asked about. */
export interface HotlineRevisitsTable {
  id: GeneratedAlways<string>
  order_id: string
  result: string
  note: string | null
  at: Generated<Date>
  actor_id: number
}

export interface Database {
  open311_api_keys: Open311ApiKeysTable
  open311_requests: Open311RequestsTable
  stations: StationsTable
  station_audits: StationAuditsTable
  station_audit_items: StationAuditItemsTable
  station_audit_photos: StationAuditPhotosTable
  station_rectifications: StationRectificationsTable
  events: EventsTable
  worker_positions: WorkerPositionsTable
  categories: CategoriesTable
  calendar_days: CalendarDaysTable
  photos: PhotosTable
  case_number_days: CaseNumberDaysTable
  incidents: IncidentsTable
  incident_history: IncidentHistoryTable
  incident_photos: IncidentPhotosTable
  hotline_orders: HotlineOrdersTable
  hotline_replies: HotlineRepliesTable
  hotline_revisits: HotlineRevisitsTable
  audit_log: AuditLogTable
  grids: GridsTable
  grid_shapes: GridShapesTable
  departments: DepartmentsTable
  users: UsersTable
  user_grids: UserGridsTable
  sessions: SessionsTable
}
