import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { gridWithinScope, scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { fileAudit } from './audit-filing.ts'
import { auditsOfStations, rectificationsOf } from './station-audits.ts'
import { listStations, type StationFilters } from './station-list.ts'
import { createStationRecords } from './station-records.ts'
import { stationRowVisibleTo } from './station-visibility.ts'

/**
 * All of the stations' SQL, behind one decorator: the list with compliance (station-list.ts), audits and
 * rectification tasks (station-audits.ts), the records (station-records.ts) and an audit's filing (audit-filing.ts).
 * Every read takes the user and filters by what they may see (station-visibility.ts).
 */
export function createStationsRepository(db: Kysely<Database>, photos: PhotoStorage) {
  const records = createStationRecords(db)
  return {
    list: (user: SignedInUser, filters: StationFilters, options: Parameters<typeof listStations>[3]) =>
      listStations(db, user, filters, options),
    auditsOf: (stationIds: readonly number[], options: Parameters<typeof auditsOfStations>[2]) =>
      auditsOfStations(db, stationIds, options),
    rectificationsOf: (stationId: number, now?: Date) => rectificationsOf(db, stationId, now),
    create: records.create,
    update: records.update,

    /** The grids of a level (communities or areas) inside the user's scope, in code order: the roll-up's rows. */
    gridsOfLevel(user: SignedInUser, level: 1 | 2) {
      return db
        .selectFrom('grids as g')
        .select(['g.id', 'g.code', 'g.name'])
        .where('g.level', '=', level)
        .where((eb) => gridWithinScope(scopeOf(user), eb.ref('g.id')))
        .orderBy('g.code')
        .execute()
    },

    /** A station the user may see, with whether it is active; undefined when it is missing or out of reach. */
    findVisible(user: SignedInUser, stationId: number) {
      return db
        .selectFrom('stations as s')
        .select(['s.id', 's.active'])
        .where('s.id', '=', stationId)
        .where(stationRowVisibleTo(user))
        .executeTakeFirst()
    },

    /** Whether a photo belongs to an audit of a station the user may read (otherwise it does not exist for them). */
    async photoVisibleTo(user: SignedInUser, sha256: string): Promise<boolean> {
      const photo = await db
        .selectFrom('station_audit_photos as ph')
        .innerJoin('station_audits as a', 'a.id', 'ph.audit_id')
        .innerJoin('stations as s', 's.id', 'a.station_id')
        .select('ph.photo_sha256')
        .where('ph.photo_sha256', '=', sha256)
        .where(stationRowVisibleTo(user))
        .limit(1)
        .executeTakeFirst()
      return photo !== undefined
    },

    fileAudit: (filing: Parameters<typeof fileAudit>[2]) => fileAudit(db, photos, filing),
  }
}

export type StationsRepository = ReturnType<typeof createStationsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    stationsRepository: StationsRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('stationsRepository', createStationsRepository(fastify.kysely, fastify.photoStorage))
  },
  { name: 'stations-repository', dependencies: ['database', 'photo-storage'] },
)
