import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { CompiledQuery, type Kysely, type Transaction } from 'kysely'
import type { ActionInput, IncidentAction } from '@wangge/workflow'
import type { IncidentSort } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { savePhotos } from '../photos/save-photos.ts'
import type { EventPublisher } from '../realtime/live-event.ts'
import { subCategoryByCode } from './category-cache.ts'
import { findIncidentDetail } from './incident-detail.ts'
import { exportIncidents } from './incident-export.ts'
import { incidentPoints, listIncidents, type IncidentFilters, type IncidentPageRequest } from './incident-list.ts'
import { incidentQueueCounts } from './incident-queue-counts.ts'
import { applyIncidentAction } from './incident-transitions.ts'
import type { ReportBatcher } from './report-batcher.ts'
import {
  FILING_SQL,
  FIRST_UNDER_KEY_SQL,
  filingParameters,
  firstUnderKeyParameters,
  type FilingOutcome,
  type ReportToFile,
} from './report-statement.ts'

/** The reporter's incident under a report's clientId, and whether it holds that same report. */
export type FirstUnderKey = { id: string; same: boolean } | undefined

async function firstUnderKey(db: Kysely<Database>, report: ReportToFile): Promise<FirstUnderKey> {
  const {
    rows: [first],
  } = await db.executeQuery<{ id: string; same: boolean }>(
    CompiledQuery.raw(FIRST_UNDER_KEY_SQL, firstUnderKeyParameters(report)),
  )
  return first
}

/** What a report with photos needs inside its one transaction. */
function reportQueries(tx: Transaction<Database>, storage: PhotoStorage) {
  return {
    /** Files one report through the filing statement (report-statement.ts) on this transaction. */
    async file(report: ReportToFile): Promise<FilingOutcome | undefined> {
      const {
        rows: [outcome],
      } = await tx.executeQuery<FilingOutcome>(CompiledQuery.raw(FILING_SQL, filingParameters([report])))
      return outcome
    },

    firstUnderKey: (report: ReportToFile) => firstUnderKey(tx, report),

    /** Stores a new report's photos (bytes first, then rows) and binds them to its first history row. */
    async addReportPhotos(
      incidentId: string,
      historyId: string | null,
      photos: readonly ProcessedPhoto[],
    ): Promise<void> {
      await savePhotos(tx, storage, photos)
      await tx
        .insertInto('incident_photos')
        .values(
          photos.map((p, position) => ({
            incident_id: incidentId,
            history_id: historyId,
            photo_sha256: p.sha256,
            kind: 'before' as const,
            position,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
    },
  }
}

/**
 * All of the incidents' SQL, behind one decorator: the case list, map points, queue counts and export
 * (incident-list.ts and the files beside it), a case's detail, the report's filing — batched when it has no photos
 * (report-batcher.ts), in one transaction with its photos otherwise — and the workflow's steps
 * (incident-transitions.ts). Every read takes the user and filters by what they may see (incident-visibility.ts).
 */
export function createIncidentsRepository(
  db: Kysely<Database>,
  { batcher, storage }: { batcher: ReportBatcher; storage: PhotoStorage },
) {
  return {
    list: (user: SignedInUser, filters: IncidentFilters, page: IncidentPageRequest) =>
      listIncidents(db, user, filters, page),
    points: (user: SignedInUser, filters: IncidentFilters, limit: number) => incidentPoints(db, user, filters, limit),
    queueCounts: (user: SignedInUser, filters: Omit<IncidentFilters, 'queue'>) =>
      incidentQueueCounts(db, user, filters),
    exportFile: (user: SignedInUser, filters: IncidentFilters, format: 'xlsx' | 'csv', sort?: IncidentSort) =>
      exportIncidents(db, user, filters, format, sort),
    /** A case as the user may read it, or undefined when it is missing or out of their reach. */
    detail: (user: SignedInUser, id: string) => findIncidentDetail(db, user, id),
    subCategoryByCode: (code: string) => subCategoryByCode(db, code),

    /** Files a photo-less report with those arriving meanwhile, in one statement on the batcher's connections. */
    fileBatched: (report: ReportToFile) => batcher.file(report),
    firstUnderKey: (report: ReportToFile) => firstUnderKey(db, report),
    /** Runs `work` in one transaction with the report's queries bound to it: the report and its photos land together. */
    reportTransaction: <T>(work: (tx: ReturnType<typeof reportQueries>) => Promise<T>): Promise<T> =>
      db.transaction().execute((tx) => work(reportQueries(tx, storage))),

    /**
     * One workflow step, applied and recorded in one transaction with its history and audit rows (from `address`);
     * its event published once committed.
     */
    applyAction: <A extends IncidentAction>(
      events: EventPublisher,
      user: SignedInUser,
      id: string,
      action: A,
      input: ActionInput<A>,
      afterPhotos: readonly ProcessedPhoto[],
      address: string | null,
    ) => applyIncidentAction({ db, photos: storage, events }, user, id, action, input, afterPhotos, address),
  }
}

export type IncidentsRepository = ReturnType<typeof createIncidentsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    incidentsRepository: IncidentsRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate(
      'incidentsRepository',
      createIncidentsRepository(fastify.kysely, { batcher: fastify.reportBatcher, storage: fastify.photoStorage }),
    )
  },
  { name: 'incidents-repository', dependencies: ['database', 'report-batcher', 'photo-storage'] },
)
