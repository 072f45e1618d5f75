import { Type, type Static } from '@sinclair/typebox'
import { Cursor, Id, INT4_MAX, Text, Timestamp } from './schema-types.ts'

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

/** A union of string literals from a list (TypeBox infers a tuple only; Unsafe keeps the static type). */
const literals = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))))

export const BUILDING_USES = ['residential', 'commercial', 'mixed', 'public'] as const
export const HOUSE_USES = ['residential', 'commercial', 'office', 'other'] as const
export const OCCUPANCIES = ['owner_occupied', 'rented', 'vacant'] as const
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'other'] as const
export const ORGANISATION_KINDS = [
  'enterprise',
  'shop',
  'school',
  'medical',
  'social_organisation',
  'cultural_team',
  'party_organisation',
] as const
/** The tags a resident may carry; 重点人员 is seen only by the roles granted it (see @wangge/accounts). */
export const RESIDENT_TAGS = ['独居老人', '残疾人', '低保', '退役军人', '重点人员'] as const
export const FOCUS_TAG = '重点人员'
export const REGISTERS = ['residents', 'houses', 'organisations'] as const
export type Register = (typeof REGISTERS)[number]

const OrganisationKind = Type.Union([
  Type.Literal('enterprise'),
  Type.Literal('shop'),
  Type.Literal('school'),
  Type.Literal('medical'),
  Type.Literal('social_organisation'),
  Type.Literal('cultural_team'),
  Type.Literal('party_organisation'),
])
const GridRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })
const Point = Type.Object({ lng: Type.Number(), lat: Type.Number() })

export const ResidentRow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  idNumberMasked: Type.String({ description: '370705********123X' }),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  sex: literals(['male', 'female'] as const),
  birthDate: Type.String({ format: 'date' }),
  hukouHere: Type.Boolean(),
  relation: literals(RELATIONS),
  tags: Type.Array(Type.String()),
  focusCategory: Type.Union([Type.String(), Type.Null()]),
  houseId: Type.Union([Type.Integer(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  grid: GridRef,
})
export type ResidentRow = Static<typeof ResidentRow>

export const HouseRow = Type.Object({
  id: Type.Integer(),
  buildingId: Type.Integer(),
  unit: Type.Integer(),
  floor: Type.Integer(),
  number: Type.String(),
  address: Type.String(),
  use: literals(HOUSE_USES),
  areaM2: Type.Number(),
  occupancy: literals(OCCUPANCIES),
  residents: Type.Integer(),
  lastVisitAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  grid: GridRef,
})
export type HouseRow = Static<typeof HouseRow>

export const BuildingRow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  use: literals(BUILDING_USES),
  floors: Type.Integer(),
  units: Type.Integer(),
  location: Point,
  grid: GridRef,
})
export type BuildingRow = Static<typeof BuildingRow>

export const OrganisationRow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: literals(ORGANISATION_KINDS),
  creditCode: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  location: Point,
  contactName: Type.Union([Type.String(), Type.Null()]),
  contactPhoneMasked: Type.Union([Type.String(), Type.Null()]),
  members: Type.Integer(),
  grid: GridRef,
})
export type OrganisationRow = Static<typeof OrganisationRow>

export const VisitRow = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  worker: Type.Object({ id: Type.Integer(), name: Type.String() }),
  houseId: Type.Union([Type.Integer(), Type.Null()]),
  residentId: Type.Union([Type.Integer(), Type.Null()]),
  organisationId: Type.Union([Type.Integer(), Type.Null()]),
  visitedAt: Type.String({ format: 'date-time' }),
  notes: Type.String(),
  problem: Type.Union([Type.String(), Type.Null()]),
  incidentId: Type.Union([Type.String(), Type.Null()]),
  photos: Type.Array(Type.String()),
})
export type VisitRow = Static<typeof VisitRow>

/** A unit grid's whole registry: the desktop page's panel and the phone's list (a unit grid holds ≤ 500 people). */
export const GridRegistry = Type.Object({
  grid: GridRef,
  buildings: Type.Array(BuildingRow),
  houses: Type.Array(HouseRow),
  residents: Type.Array(ResidentRow),
  organisations: Type.Array(OrganisationRow),
})
export type GridRegistry = Static<typeof GridRegistry>

export const RegistryGridParams = Type.Object({ gridId: Id() })
export const RegistryIdParams = Type.Object({ id: Id() })

export const ResidentSearchQuery = Type.Object({
  q: Type.Optional(
    Text({
      minLength: 1,
      maxLength: 50,
      description:
        '姓名、证件号（完整或后四位）、手机号或地址 / name, ID number (whole or last four), phone or address',
    }),
  ),
  tag: Type.Optional(
    Type.Union([
      Type.Literal('独居老人'),
      Type.Literal('残疾人'),
      Type.Literal('低保'),
      Type.Literal('退役军人'),
      Type.Literal('重点人员'),
    ]),
  ),
  grid: Type.Optional(Id({ description: '任一级网格 / a grid of any level' })),
  cursor: Type.Optional(Cursor(BigInt(INT4_MAX))),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
})
export const ResidentPage = Type.Object({
  items: Type.Array(ResidentRow),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

export const RegistryLayerQuery = Type.Object({
  bbox: Text({ maxLength: 100, description: 'minLng,minLat,maxLng,maxLat' }),
  kind: Type.Optional(OrganisationKind),
})
export const BuildingLayer = Type.Object({ items: Type.Array(BuildingRow), truncated: Type.Boolean() })
export const OrganisationLayer = Type.Object({ items: Type.Array(OrganisationRow), truncated: Type.Boolean() })

export const RegistryRevealBody = Type.Object({
  reason: Text({ minLength: 4, maxLength: 200, description: '查看原因（记入审计日志）/ why, for the audit log' }),
})
export const RevealedResident = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  idNumber: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
})
export type RevealedResident = Static<typeof RevealedResident>

export const HouseDetail = Type.Object({
  house: HouseRow,
  building: BuildingRow,
  residents: Type.Array(ResidentRow),
  visits: Type.Array(VisitRow),
})
export type HouseDetail = Static<typeof HouseDetail>

/** A visit's text fields (multipart beside up to six `photos`). One of house, resident, organisation. */
export const VisitFields = Type.Object({
  clientId: Type.String({ pattern: UUID, description: '客户端生成的幂等键 / idempotency key chosen by the client' }),
  houseId: Type.Optional(Id()),
  residentId: Type.Optional(Id()),
  organisationId: Type.Optional(Id()),
  visitedAt: Timestamp(),
  notes: Text({ maxLength: 2000 }),
  problem: Type.Optional(Text({ minLength: 1, maxLength: 1000 })),
  categoryCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
})
export type VisitFields = Static<typeof VisitFields>

export const CommunityIndicators = Type.Object({
  community: GridRef,
  residents: Type.Integer(),
  households: Type.Integer(),
  tags: Type.Record(Type.String(), Type.Integer()),
  organisations: Type.Record(Type.String(), Type.Integer()),
  socialOrganisations: Type.Integer(),
  culturalTeams: Type.Integer(),
  ruleMet: Type.Boolean({
    description: '社会组织 ≥ 5 且文体队伍 ≥ 2 / ≥ 5 social organisations and ≥ 2 cultural teams',
  }),
  houses: Type.Integer(),
  housesVisitedThisQuarter: Type.Integer(),
})
export const VisitCoverage = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  houses: Type.Integer(),
  visited: Type.Integer(),
})
export const RegistryIndicators = Type.Object({
  quarterStart: Type.String({ format: 'date' }),
  communities: Type.Array(CommunityIndicators),
  grids: Type.Array(VisitCoverage),
  workers: Type.Array(VisitCoverage),
})
export type RegistryIndicators = Static<typeof RegistryIndicators>

export const RegisterParams = Type.Object({
  register: Type.Union([Type.Literal('residents'), Type.Literal('houses'), Type.Literal('organisations')]),
})
export const RegistryExportQuery = Type.Object({
  reason: Text({ minLength: 4, maxLength: 200, description: '导出原因（记入审计日志和文件）/ why, audited' }),
  grid: Type.Optional(Id()),
})
export const ImportRowOutcome = Type.Object({
  row: Type.Integer(),
  outcome: literals(['taken', 'updated', 'unchanged', 'refused'] as const),
  column: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
})
export const ImportReport = Type.Object({
  register: literals(REGISTERS),
  taken: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  refused: Type.Integer(),
  rows: Type.Array(ImportRowOutcome),
})
export type ImportReport = Static<typeof ImportReport>
