import fp from 'fastify-plugin'
import type { Kysely, Transaction } from 'kysely'
import type {} from '../../external/database.ts'
import type { Database } from '../../../db/database-schema.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { savePhotos } from '../photos/save-photos.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { createRegistryImportSql } from './registry-import-sql.ts'
import { registryIndicators } from './registry-indicators.ts'
import { createRegistryReads } from './registry-reads.ts'
import { createRegistryWrites } from './registry-writes.ts'
import { registerExportRows } from './registry-export-sql.ts'

/**
 * All of the registry's SQL behind one decorator: reads (registry-reads.ts, every one filtered by the user's
 * scope), the indicators, visits' writes, the imports' lookups and upserts, export rows, and audit rows, with
 * `transaction(work)` for a change that spans statements (a visit with its photos, an import with its audit row).
 */
export function createRegistryRepository(db: Kysely<Database>, storage: PhotoStorage) {
  return transactional(db, (on) => ({
    ...createRegistryReads(on),
    ...createRegistryWrites(on),
    ...createRegistryImportSql(on),
    indicators: (user: SignedInUser) => registryIndicators(on, user),
    exportRows: (user: SignedInUser, register: Parameters<typeof registerExportRows>[2], gridId?: number) =>
      registerExportRows(on, user, register, gridId),
    audit: (actor: Actor, entry: AuditEntry) => writeAudit(on, actor, entry),
    // Inside `transaction` the handle is the transaction itself, which savePhotos writes its rows on.
    savePhotos: (photos: readonly ProcessedPhoto[]) => savePhotos(on as Transaction<Database>, storage, photos),
  }))
}

export type RegistryRepository = ReturnType<typeof createRegistryRepository>

declare module 'fastify' {
  interface FastifyInstance {
    registryRepository: RegistryRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('registryRepository', createRegistryRepository(fastify.kysely, fastify.photoStorage))
  },
  { name: 'registry-repository', dependencies: ['database', 'photo-storage'] },
)
