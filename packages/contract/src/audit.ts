import { Type, type Static } from '@sinclair/typebox'
import { PageQuery, pageOf } from './pagination.ts'
import { Id, Text, Timestamp } from './schema-types.ts'

/** One row of the audit log; `before`/`after` are whatever the action recorded. */
export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), name: Type.String() })]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  /** The target as people name it: a case's number, a user's, station's or grid's name; null when it has none. */
  targetName: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  address: Type.Union([Type.String(), Type.Null()]),
})
export type AuditEntry = Static<typeof AuditEntry>

export const AuditQuery = Type.Object({
  entity: Type.Optional(Text({ maxLength: 50 })),
  entityId: Type.Optional(Text({ maxLength: 50 })),
  /** The target by its name or number: a case number (exact or its start), part of a user's, station's or grid's name. */
  target: Type.Optional(Text({ minLength: 1, maxLength: 50 })),
  actorId: Type.Optional(Id()),
  action: Type.Optional(Text({ maxLength: 50 })),
  from: Type.Optional(Timestamp()),
  to: Type.Optional(Timestamp()),
  ...PageQuery,
})
export type AuditQuery = Static<typeof AuditQuery>

export const AuditPage = pageOf(AuditEntry)
