import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { AuditPage, AuditQuery, errorResponses } from '@wangge/contract'

const auditRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/audit',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: '审计日志（最新在前）/ the audit log, newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      const { from, to, cursor, ...filters } = request.query
      return fastify.auditRepository.list({
        ...filters,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        beforeId: cursor,
      })
    },
  )
}

export default auditRoutes
