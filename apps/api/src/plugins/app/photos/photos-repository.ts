import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { incidentRowVisibleTo } from '../incidents/incident-visibility.ts'

/**
 * Who may see a stored photo. Its bytes are on disk (photo-storage.ts); its rows are written with the report,
 * step or audit that brought it (save-photos.ts, in that change's transaction). A station audit's photos are the
 * stations repository's (`photoVisibleTo`).
 */
export function createPhotosRepository(db: Kysely<Database>) {
  return {
    /** Whether a photo belongs to an incident the user may read (otherwise it does not exist for them). */
    async incidentPhotoVisibleTo(user: SignedInUser, sha256: string): Promise<boolean> {
      const photo = await db
        .selectFrom('incident_photos as p')
        .innerJoin('incidents as i', 'i.id', 'p.incident_id')
        .select('p.photo_sha256')
        .where('p.photo_sha256', '=', sha256)
        .where(incidentRowVisibleTo(user))
        .limit(1)
        .executeTakeFirst()
      return photo !== undefined
    },
  }
}

export type PhotosRepository = ReturnType<typeof createPhotosRepository>

declare module 'fastify' {
  interface FastifyInstance {
    photosRepository: PhotosRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('photosRepository', createPhotosRepository(fastify.kysely))
  },
  { name: 'photos-repository', dependencies: ['database'] },
)
