import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'
import { CategoryGroup, errorResponses } from '@wangge/contract'

const categoryRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/categories',
    { schema: { tags: ['incidents'], summary: '事件/部件分类（两级）/ categories, two levels', response: { 200: Type.Array(CategoryGroup), ...errorResponses(401) } } },
    async () =>
      fastify.kysely
        .selectFrom('categories as g')
        .where('g.parent_id', 'is', null)
        .select([
          'g.id', 'g.code', 'g.kind', 'g.name', 'g.name_en as nameEn',
          sql<unknown[]>`(select coalesce(json_agg(json_build_object(
              'id', c.id, 'code', c.code, 'name', c.name, 'nameEn', c.name_en, 'defaultDepartmentId', c.default_department_id,
              'dispatchLimitHours', c.dispatch_limit_hours, 'handlingLimit', json_build_object('unit', c.handling_limit_unit, 'amount', c.handling_limit_amount))
            order by c.code), '[]'::json) from categories c where c.parent_id = g.id)`.as('children'),
        ])
        .orderBy('g.code')
        .execute() as never,
  )
}

export default categoryRoutes
