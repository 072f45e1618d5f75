import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import { findStructuralProblems, type GridFeatureCollection } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { GridsInUseError, GridTreeRejectedError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import { createGridImportRepository, type GridImportResult } from './grid-import-repository.ts'

/**
 * Replaces the grid tree with an imported one, all or nothing: the tree is staged in a temp table, checked in
 * PostGIS, and only then merged by code — a grid whose code survives keeps its id, so data bound to it stays bound,
 * and a grid that data is still bound to is never removed (409 GRIDS_IN_USE).
 */
export function createGridImportService(db: Kysely<Database>) {
  // Built here rather than decorated: the scripts and the seed import a tree with no app around them.
  const grids = createGridImportRepository(db)
  return {
    async replaceTree(collection: GridFeatureCollection, actor: Actor): Promise<GridImportResult> {
      const structural = findStructuralProblems(collection.features)
      if (structural.length > 0) throw new GridTreeRejectedError(structural)
      return grids.transaction(async (tx) => {
        await tx.stage(collection)
        const invalid = await tx.invalidGeometries()
        // Overlap and containment tests on invalid geometry are meaningless (GEOS may even throw): stop here.
        if (invalid.length > 0) throw new GridTreeRejectedError(invalid)
        const spatial = [
          ...(await tx.overlappingSiblings()),
          ...(await tx.childrenOutsideParent()),
          ...(await tx.gapsInParents()),
        ].sort((a, b) => (a.featureIndex ?? -1) - (b.featureIndex ?? -1))
        if (spatial.length > 0) throw new GridTreeRejectedError(spatial)
        const inUse = await tx.removedGridsInUse()
        if (inUse.length > 0) throw new GridsInUseError(inUse)
        const result = await tx.merge()
        await tx.audit(actor, { action: 'grids.import', entity: 'grid_tree', entityId: null, after: result })
        return result
      })
    },
  }
}

export type GridImportService = ReturnType<typeof createGridImportService>

declare module 'fastify' {
  interface FastifyInstance {
    gridImportService: GridImportService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('gridImportService', createGridImportService(fastify.kysely))
  },
  { name: 'grid-import-service', dependencies: ['database'] },
)
