import { Type, type Static } from '@sinclair/typebox'
import { MOBILE_PHONE_PATTERN } from '@wangge/accounts'
import { SIX_HAVE_CODES } from '@wangge/stations'
import { Cursor, Id, INT4_MAX, Text } from './schema-types.ts'

/** A union of string literals from a list (TypeBox infers a tuple only; Unsafe keeps the static type). */
const literals = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))))
const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

export const ItemCode = literals(SIX_HAVE_CODES)
export const StationTypeSchema = Type.Union([
  Type.Literal('community_work_station'),
  Type.Literal('grid_service_station'),
  Type.Literal('service_point'),
])
export const ComplianceStatusSchema = Type.Union([
  Type.Literal('compliant'),
  Type.Literal('failing'),
  Type.Literal('unaudited'),
])

export const StationIdParams = Type.Object({ id: Id() })

const Compliance = Type.Object({
  status: ComplianceStatusSchema,
  compliant: Type.Boolean(),
  score: Type.Union([Type.Integer(), Type.Null()]),
  lastAuditAt: Time,
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: '下次检查截止；从未检查则为空且已到期 / next audit due',
  }),
  due: Type.Boolean(),
})

export const StationSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: StationTypeSchema,
  grid: Type.Object({ id: Type.Integer(), code: Type.String(), level: Type.Integer(), name: Type.String() }),
  gridIds: Type.Object({ l1: Type.Integer(), l2: Type.Union([Type.Integer(), Type.Null()]) }),
  location: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  address: Type.String(),
  contactName: Type.String(),
  contactPhone: Type.String({ description: '列表中脱敏 / masked in lists' }),
  openingHours: Type.String(),
  active: Type.Boolean(),
  compliance: Compliance,
  latestAuditId: Type.Union([Type.String(), Type.Null()]),
  latestItems: Type.Union([
    Type.Array(Type.Object({ code: ItemCode, passed: Type.Boolean(), deduction: Type.Integer() })),
    Type.Null(),
  ]),
  openRectifications: Type.Integer(),
  overdueRectifications: Type.Integer(),
})

export const StationPage = Type.Object({
  items: Type.Array(StationSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

export const StationListQuery = Type.Object({
  compliance: Type.Optional(ComplianceStatusSchema),
  due: Type.Optional(Type.Boolean({ description: '检查已到期（满一个季度或从未检查）/ audit due' })),
  type: Type.Optional(StationTypeSchema),
  grid: Type.Optional(Id({ description: '网格及其下级 / a grid and its subtree' })),
  active: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Cursor(BigInt(INT4_MAX))),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
})

export const StationAudit = Type.Object({
  id: Type.String(),
  stationId: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  auditor: Type.Object({ id: Type.Integer(), name: Type.String() }),
  location: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  accuracyM: Type.Union([Type.Number(), Type.Null()]),
  distanceM: Type.Number(),
  offSite: Type.Boolean({ description: '检查位置距站点超过 300 米 / taken more than 300 m from the station' }),
  score: Type.Integer(),
  passedAll: Type.Boolean(),
  note: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(
    Type.Object({
      code: ItemCode,
      passed: Type.Boolean(),
      deduction: Type.Integer(),
      note: Type.Union([Type.String(), Type.Null()]),
      photos: Type.Array(Type.String()),
    }),
  ),
})

export const Rectification = Type.Object({
  id: Type.String(),
  item: ItemCode,
  dueOn: Type.String({ format: 'date' }),
  openedByAuditId: Type.String(),
  closedByAuditId: Type.Union([Type.String(), Type.Null()]),
  closedAt: Time,
  overdue: Type.Boolean(),
})

export const StationDetail = Type.Composite([
  StationSummary,
  Type.Object({
    audits: Type.Array(StationAudit, {
      description: '最近 100 次检查，新的在前 / the latest 100 audits, newest first',
    }),
    rectifications: Type.Array(Rectification),
  }),
])

export const StationBody = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 100 }),
    gridId: Id(),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    address: Text({ minLength: 1, maxLength: 200 }),
    contactName: Text({ minLength: 1, maxLength: 50 }),
    contactPhone: Type.String({ pattern: MOBILE_PHONE_PATTERN }),
    openingHours: Text({ minLength: 1, maxLength: 100 }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export const StationChanges = Type.Partial(StationBody, { additionalProperties: false, minProperties: 1 })

export const ComplianceQuery = Type.Object({ level: Type.Union([Type.Literal(1), Type.Literal(2)], { default: 1 }) })
export const ComplianceReport = Type.Object({
  level: Type.Integer(),
  asOf: Type.String({ format: 'date-time' }),
  items: Type.Array(
    Type.Object({
      grid: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
      stations: Type.Integer(),
      compliant: Type.Integer(),
      share: Type.Union([Type.Number(), Type.Null()], { description: '合规率 0–1；无站点为空 / compliant share' }),
      itemFailures: Type.Record(Type.String(), Type.Integer()),
      overdueAudits: Type.Integer(),
    }),
  ),
})

export const ExportQuery = Type.Object({
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')]),
  table: Type.Optional(
    Type.Union([Type.Literal('stations'), Type.Literal('communities'), Type.Literal('areas'), Type.Literal('audits')], {
      description:
        'CSV 只含一张表（默认站点合规表）；XLSX 含全部 / CSV holds one table (stations by default), XLSX all of them',
    }),
  ),
  station: Type.Optional(Id({ description: '只导出该站点 / one station only' })),
})

export type StationSummary = Static<typeof StationSummary>
export type StationAudit = Static<typeof StationAudit>
export type Rectification = Static<typeof Rectification>
export type StationDetail = Static<typeof StationDetail>
export type StationBody = Static<typeof StationBody>
export type StationChanges = Static<typeof StationChanges>
export type ComplianceReport = Static<typeof ComplianceReport>
export type ExportQuery = Static<typeof ExportQuery>
export type StationListQuery = Static<typeof StationListQuery>
