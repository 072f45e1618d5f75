import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { createAuditQuery } from '../../../plugins/app/audit/audit-query.ts'
import { errorResponses } from '../error-schema.ts'
import { PageQuery, pageOf } from '../pagination.ts'
import { Id, Text, Timestamp } from '../schema-types.ts'

const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), name: Type.String() })]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  address: Type.Union([Type.String(), Type.Null()]),
})

const AuditQuery = Type.Object({
  entity: Type.Optional(Text({ maxLength: 50 })),
  entityId: Type.Optional(Text({ maxLength: 50 })),
  actorId: Type.Optional(Id()),
  action: Type.Optional(Text({ maxLength: 50 })),
  from: Type.Optional(Timestamp()),
  to: Type.Optional(Timestamp()),
  ...PageQuery,
})

const auditRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const audit = createAuditQuery(fastify.kysely)
  fastify.get(
    '/api/audit',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: '审计日志（最新在前）/ the audit log, newest first',
        querystring: AuditQuery,
        response: { 200: pageOf(AuditEntry), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      const { from, to, cursor, ...filters } = request.query
      return audit.list({ ...filters, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined, beforeId: cursor })
    },
  )
}

export default auditRoutes
