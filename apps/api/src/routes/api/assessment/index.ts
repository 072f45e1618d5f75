import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { assessmentWorkbook } from '../../../plugins/app/assessment/assessment-export.ts'
import { AssessmentMonth, AssessmentWeights, errorResponses, MonthParams } from '@wangge/contract'

/** The monthly assessment (考核): street-level sheets for managers, weights and targets set by admins. */
const assessmentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/assessment/weights',
    {
      config: { roles: ['manager', 'admin'] },
      schema: {
        tags: ['assessment'],
        summary: '考核指标权重与目标值 / weights and targets',
        response: { 200: AssessmentWeights, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'manager', 'admin')
      return fastify.assessmentRepository.weightList()
    },
  )

  fastify.put(
    '/api/assessment/weights',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['assessment'],
        summary: '设置考核权重与目标值（管理员）/ set weights and targets (admins)',
        body: AssessmentWeights,
        response: { 200: AssessmentWeights, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      return fastify.assessmentService.replaceWeights(request.body, actorOf(request))
    },
  )

  fastify.get(
    '/api/assessment/:month',
    {
      config: { roles: ['manager', 'admin'] },
      schema: {
        tags: ['assessment'],
        summary: '月度考核（网格员、责任单位、社区）/ the month’s assessment sheets',
        params: MonthParams,
        response: { 200: AssessmentMonth, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'manager', 'admin')
      return fastify.assessmentService.month(request.params.month)
    },
  )

  fastify.post(
    '/api/assessment/:month/close',
    {
      config: { roles: ['manager'] },
      schema: {
        tags: ['assessment'],
        summary: '封存月度考核（之后的更正显示为调整）/ close the month (later corrections show as adjustments)',
        params: MonthParams,
        response: { 200: AssessmentMonth, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'manager')
      return fastify.assessmentService.close(request.params.month, { ...actorOf(request), id: user.id })
    },
  )

  fastify.get(
    '/api/assessment/:month/export',
    {
      config: { roles: ['manager', 'admin'] },
      schema: {
        tags: ['assessment'],
        summary: '导出月度考核（XLSX）/ export the month’s assessment',
        params: MonthParams,
        response: { 200: Type.Unknown({ description: 'XLSX' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      requireRole(request, 'manager', 'admin')
      const file = await assessmentWorkbook(await fastify.assessmentService.month(request.params.month))
      await fastify.auditRepository.write(actorOf(request), {
        action: 'assessment.export',
        entity: 'export',
        entityId: request.params.month,
      })
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .header('cache-control', 'no-store')
        .send(file.body)
    },
  )
}

export default assessmentRoutes
