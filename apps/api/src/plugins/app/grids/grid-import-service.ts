import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import {
  DEFAULT_GRID_IMPORT_OPTIONS,
  findStructuralProblems,
  normaliseGridImport,
  type GridImportChange,
  type GridImportCollection,
  type GridImportOptions,
} from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { GridsInUseError, GridTreeRejectedError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import { createGridImportRepository, type GridImportResult } from './grid-import-repository.ts'
import type { GridImportProgress } from './grid-import-progress.ts'

/**
 * Replaces the grid tree with an imported one, all or nothing: the file is normalised (height dropped, GCJ-02
 * converted), staged in a temp table, repaired as asked (derive parents, clip children, snap slivers), checked in
 * PostGIS, and only then merged by code — a grid whose code survives keeps its id, so data bound to it stays bound,
 * and a grid that data is still bound to is never removed (409 GRIDS_IN_USE).
 */
export function createGridImportService(db: Kysely<Database>) {
  // Built here rather than decorated: the scripts and the seed import a tree with no app around them.
  const grids = createGridImportRepository(db)
  return {
    async replaceTree(
      input: GridImportCollection,
      actor: Actor,
      options: Partial<GridImportOptions> = {},
      progress: GridImportProgress = () => {},
    ): Promise<GridImportResult> {
      const { crs, deriveParents, clipChildren, snapSlivers } = { ...DEFAULT_GRID_IMPORT_OPTIONS, ...options }
      const { collection, warnings } = normaliseGridImport(input, crs)
      const structural = findStructuralProblems(collection.features)
      if (structural.length > 0) throw new GridTreeRejectedError(structural)
      const total = collection.features.length
      return grids.transaction(async (tx) => {
        progress({ step: 'stage', done: 0, total })
        await tx.stage(collection, (done) => progress({ step: 'stage', done, total }))
        progress({ step: 'validate' })
        const invalid = await tx.invalidGeometries()
        // Overlap and containment tests on invalid geometry are meaningless (GEOS may even throw): stop here.
        if (invalid.length > 0) throw new GridTreeRejectedError(invalid)
        const changes: GridImportChange[] = []
        if (deriveParents) {
          progress({ step: 'derive' })
          changes.push(...(await tx.deriveParents()))
        }
        if (clipChildren) {
          progress({ step: 'clip' })
          changes.push(...(await tx.clipChildren()))
        }
        // Snapping finds every overlap between siblings on its way; with none beyond a sliver, none is left to refuse.
        let overlapsToCheck = true
        if (snapSlivers) {
          progress({ step: 'snap' })
          const snapped = await tx.snapSlivers()
          changes.push(...snapped.changes)
          overlapsToCheck = snapped.largerOverlaps > 0
        }
        if (changes.length > 0) {
          // A cut or a union can itself leave an invalid shape; the checks below must not run on one.
          const broken = await tx.invalidGeometries()
          if (broken.length > 0) throw new GridTreeRejectedError(broken)
        }
        progress({ step: 'check' })
        const spatial = [
          ...(overlapsToCheck ? await tx.overlappingSiblings() : []),
          ...(await tx.childrenOutsideParent()),
          ...(await tx.gapsInParents()),
        ].sort((a, b) => (a.featureIndex ?? -1) - (b.featureIndex ?? -1))
        if (spatial.length > 0) throw new GridTreeRejectedError(spatial)
        const inUse = await tx.removedGridsInUse()
        if (inUse.length > 0) throw new GridsInUseError(inUse)
        progress({ step: 'merge' })
        const merged = await tx.merge()
        const result = { ...merged, changes, warnings }
        await tx.audit(actor, {
          action: 'grids.import',
          entity: 'grid_tree',
          entityId: null,
          // The audit row keeps what was done, not every vertex: changes by kind and code, with their areas.
          after: {
            ...merged,
            options: { crs, deriveParents, clipChildren, snapSlivers },
            changes: changes.map(({ kind, code, changedM2 }) => ({ kind, code, changedM2 })),
            warnings: warnings.map(({ kind, features }) => ({ kind, features })),
          },
        })
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
