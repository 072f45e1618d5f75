import { Type, type Static } from '@sinclair/typebox'
import type { IncidentAction, IncidentState } from '@wangge/workflow'
import { BBoxParam } from './bbox.ts'
import { IncidentSource } from './incident-source.ts'
import { PageQuery, pageOf } from './pagination.ts'
import { BigIdText, Id, Text, Timestamp } from './schema-types.ts'

const Ref = Type.Object({ id: Type.Integer(), name: Type.String() })
const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

// Values the API only ever writes from @wangge/workflow's table: the schema stays a plain string (so the reply's
// serialiser and /api/docs are as before), the static type names the values a reader may switch on.
const State = Type.Unsafe<IncidentState>(Type.String())
const Action = Type.Unsafe<IncidentAction>(Type.String())
const PhotoKind = Type.Unsafe<'before' | 'after'>(Type.String())

export const GridChainLink = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  level: Type.Integer(),
  name: Type.String(),
})
export type GridChainLink = Static<typeof GridChainLink>

export const IncidentDetail = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  clientId: Type.String(),
  status: State,
  category: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  description: Type.String(),
  location: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  accuracyM: Type.Union([Type.Number(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  grids: Type.Array(GridChainLink),
  reporter: Ref,
  source: IncidentSource,
  selfHandled: Type.Boolean(),
  assignee: Type.Object({
    user: Type.Union([Ref, Type.Null()]),
    department: Type.Union([
      Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
      Type.Null(),
    ]),
  }),
  registeredAt: Time,
  dispatchedAt: Time,
  dueAt: Time,
  handledAt: Time,
  closedAt: Time,
  closedOnTime: Type.Union([Type.Boolean(), Type.Null()]),
  reworkCount: Type.Integer(),
  extensionCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  photos: Type.Array(Type.Object({ sha256: Type.String(), kind: PhotoKind })),
  actions: Type.Array(Action, { description: '当前用户此刻可执行的步骤 / the steps the viewer may take now' }),
  history: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      actor: Ref,
      action: Type.String(),
      from: Type.Union([Type.String(), Type.Null()]),
      to: Type.String(),
      note: Type.Union([Type.String(), Type.Null()]),
      data: Type.Unknown(),
    }),
  ),
})
export type IncidentDetail = Static<typeof IncidentDetail>

export const IncidentIdParams = Type.Object({ id: BigIdText() })

const Status = Type.Union(
  ['reported', 'registered', 'rejected', 'dispatched', 'in_progress', 'handled', 'closed'].map((s) => Type.Literal(s)),
)

/**
 * The case desk's queues: 待登记 (reported), 待派遣 (registered), 待核查 (handled), 即将到期 (running, due within
 * `DUE_SOON_HOURS`), 已超期 (running, past due), 返工中 (running after a failed verification).
 */
export const INCIDENT_QUEUES = ['to_register', 'to_dispatch', 'to_verify', 'due_soon', 'overdue', 'rework'] as const
export type IncidentQueue = (typeof INCIDENT_QUEUES)[number]
export const IncidentQueue = Type.Union(
  INCIDENT_QUEUES.map((q) => Type.Literal(q)),
  {
    description:
      '待登记 to_register · 待派遣 to_dispatch · 待核查 to_verify · 即将到期 due_soon · 已超期 overdue · 返工中 rework',
  },
)
/** 即将到期: due within this many hours (the live map's queue panel uses the same). */
export const DUE_SOON_HOURS = 4

// Where a case came from: incident-source.ts.

const FilterQuery = {
  status: Type.Optional(Type.Array(Status, { maxItems: 7 })),
  category: Type.Optional(Type.String({ pattern: '^[EC][0-9]{2}([0-9]{2})?$' })),
  grid: Type.Optional(Id()),
  bbox: Type.Optional(BBoxParam),
  assignee: Type.Optional(Id()),
  department: Type.Optional(Id()),
  overdue: Type.Optional(Type.Boolean()),
  from: Type.Optional(Timestamp()),
  to: Type.Optional(Timestamp()),
  q: Type.Optional(Text({ minLength: 1, maxLength: 50 })),
  rework: Type.Optional(
    Type.Boolean({
      description:
        '只看返工过的（true）或从未返工的（false）/ only cases sent back at least once (true), or never (false)',
    }),
  ),
  reporter: Type.Optional(
    Type.Literal('me', {
      description: '只看本人上报的事件（任何设备上报的）/ only the caller’s own reports, from any device',
    }),
  ),
  queue: Type.Optional(IncidentQueue),
  source: Type.Optional(IncidentSource),
}

/** The case desk's sort: by filing order, newest or oldest first (keyset over the id either way). */
export const IncidentSort = Type.Union([Type.Literal('newest'), Type.Literal('oldest')], {
  default: 'newest',
  description: '按上报先后：最新在前或最早在前 / newest or oldest first',
})
export type IncidentSort = Static<typeof IncidentSort>

export const IncidentListQuery = Type.Object({ ...FilterQuery, ...PageQuery, sort: Type.Optional(IncidentSort) })

/** The case desk's queue counts: the same filters as the list, without `queue` (every queue is counted). */
const { queue: _queue, ...CountFilters } = FilterQuery
export const IncidentQueueCountsQuery = Type.Object(CountFilters)
const Count = Type.Integer({ minimum: 0 })
export const IncidentQueueCounts = Type.Object(
  { to_register: Count, to_dispatch: Count, to_verify: Count, due_soon: Count, overdue: Count, rework: Count },
  { description: '各队列的事件数（在当前用户可见范围内）/ cases in each queue, within what the caller may see' },
)
export type IncidentQueueCounts = Static<typeof IncidentQueueCounts>

/** Export of the filtered list, newest first, at most `INCIDENT_EXPORT_MAX_ROWS` rows. */
export const INCIDENT_EXPORT_MAX_ROWS = 10_000
export const IncidentExportQuery = Type.Object({
  ...FilterQuery,
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')]),
  sort: Type.Optional(IncidentSort),
})
export type IncidentExportQuery = Static<typeof IncidentExportQuery>
export const IncidentPointsQuery = Type.Object({
  ...FilterQuery,
  limit: Type.Integer({ minimum: 1, maximum: 5000, default: 2000 }),
})

export const IncidentSummary = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  status: State,
  description: Type.String(),
  source: IncidentSource,
  reworkCount: Type.Integer(),
  reworkReason: Type.Union([Type.String(), Type.Null()], {
    description:
      '最近一次核查不通过的原因（未返工为 null）/ why the last failed verification sent it back (null if never)',
  }),
  category: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  location: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  grid: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
})
export type IncidentSummary = Static<typeof IncidentSummary>
export const IncidentPage = pageOf(IncidentSummary)
export type IncidentListQuery = Static<typeof IncidentListQuery>
