import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { CategoryGroup, SubCategory } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'

/** The two-level category tree (事件/部件 groups and their sub-categories), with each one's default time limits. */
export function createCategoriesRepository(db: Kysely<Database>) {
  return {
    /** Every group in code order, each with its sub-categories in code order, in one query. */
    tree(): Promise<CategoryGroup[]> {
      return db
        .selectFrom('categories as g')
        .where('g.parent_id', 'is', null)
        .select([
          'g.id',
          'g.code',
          'g.kind',
          'g.name',
          'g.name_en as nameEn',
          sql<SubCategory[]>`(select coalesce(json_agg(json_build_object(
              'id', c.id, 'code', c.code, 'name', c.name, 'nameEn', c.name_en, 'defaultDepartmentId', c.default_department_id,
              'dispatchLimitHours', c.dispatch_limit_hours, 'handlingLimit', json_build_object('unit', c.handling_limit_unit, 'amount', c.handling_limit_amount))
            order by c.code), '[]'::json) from categories c where c.parent_id = g.id)`.as('children'),
        ])
        .orderBy('g.code')
        .execute()
    },
  }
}

export type CategoriesRepository = ReturnType<typeof createCategoriesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    categoriesRepository: CategoriesRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('categoriesRepository', createCategoriesRepository(fastify.kysely))
  },
  { name: 'categories-repository', dependencies: ['database'] },
)
