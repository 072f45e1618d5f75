import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import type { Department } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'

/** The street's departments (责任单位): the handlers' units and the dispatch targets. */
export function createDepartmentsRepository(db: Kysely<Database>) {
  return {
    list(): Promise<Department[]> {
      return db.selectFrom('departments').select(['id', 'code', 'name', 'name_en as nameEn']).orderBy('id').execute()
    },
  }
}

export type DepartmentsRepository = ReturnType<typeof createDepartmentsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    departmentsRepository: DepartmentsRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('departmentsRepository', createDepartmentsRepository(fastify.kysely))
  },
  { name: 'departments-repository', dependencies: ['database'] },
)
