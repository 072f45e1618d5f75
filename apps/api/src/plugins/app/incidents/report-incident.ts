import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { AppError, OutsideManagedAreaError } from '../../../errors.ts'
import type { GridRef } from '../grids/grids-repository.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { savePhotos } from '../photos/save-photos.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { subCategoryByCode } from './category-cache.ts'
import type { IncidentDetail } from './incident-detail.ts'
import { newReportDetail, type FiledRows } from './new-report-detail.ts'
import { liveEventOf, type EventPublisher } from '../realtime/live-event.ts'
import type { ReportFiler } from './report-filer.ts'
import { FILING_SQL, filingParameters, type FilingOutcome, type ReportToFile } from './report-filing.ts'

export interface IncidentReport {
  clientId: string
  categoryCode: string
  description: string
  lng: number
  lat: number
  accuracyM: number | null
  address: string | null
  selfHandled: boolean
}

export class UnknownCategoryError extends AppError {
  constructor(code: string) {
    super(400, 'VALIDATION_FAILED', `未知的事件小类 ${code} / unknown sub-category`, [{ field: 'categoryCode', message: 'unknown sub-category' }])
  }
}

/**
 * Files a report: the filing statement (report-filing.ts) finds the grid chain under the point, takes the day's next
 * case number and writes the incident, its first history row and its `incident.created` event, which is published
 * once the report has committed. A report without photos goes through the filer, which batches reports that arrive
 * together (the hot path of the street's busiest hour); photos add their rows in one transaction with it. The
 * client's `clientId` makes it idempotent: a retried submission — even twenty at once — gets the first incident
 * back (`created: false`), never a second. A report that fails after taking its case number (retries racing each
 * other, a photo that cannot be stored) leaves a gap in the day's numbering.
 */
export async function reportIncident(
  deps: { db: Kysely<Database>; filer: ReportFiler; photos: PhotoStorage; events: EventPublisher },
  reporter: SignedInUser,
  report: IncidentReport,
  photos: readonly ProcessedPhoto[],
): Promise<{ id: string; created: boolean; detail: IncidentDetail | null }> {
  const category = await subCategoryByCode(deps.db, report.categoryCode)
  if (category === undefined) throw new UnknownCategoryError(report.categoryCode)
  const toFile: ReportToFile = { ...report, categoryId: category.id, reporterId: reporter.id }

  const filed = async (db: Kysely<Database>, outcome: FilingOutcome | undefined) => {
    if (!outcome?.chain) throw new OutsideManagedAreaError(report.lng, report.lat)
    const { chain } = outcome
    if (outcome.id) {
      const rows = outcome.filed && outcome.first_step ? { incident: outcome.filed, firstStep: outcome.first_step } : null
      return { chain, id: outcome.id, created: outcome.created, historyId: outcome.history_id, event: outcome.event, rows }
    }
    // A retry that raced the first submission: the first one has committed by now.
    const first = await db.selectFrom('incidents').select('id').where('client_id', '=', report.clientId).executeTakeFirstOrThrow()
    return { chain, id: String(first.id), created: false, historyId: null, event: null, rows: null }
  }
  // A new incident's reply is composed from what is known; a retried one is read back by the caller.
  const reply = (id: string, chain: readonly [GridRef, GridRef, GridRef], rows: FiledRows | null) =>
    rows ? newReportDetail(id, report, reporter, category, chain, photos, rows) : null

  if (photos.length === 0) {
    const { chain, id, created, event, rows } = await filed(deps.db, await deps.filer.file(toFile))
    if (event) deps.events.publish(liveEventOf(event))
    return { id, created, detail: reply(id, chain, rows) }
  }
  const { chain, id, created, event, rows } = await deps.db.transaction().execute(async (tx) => {
    const { rows: [outcome] } = await tx.executeQuery<FilingOutcome>(CompiledQuery.raw(FILING_SQL, filingParameters([toFile])))
    const result = await filed(tx, outcome)
    if (result.created) {
      await savePhotos(tx, deps.photos, photos)
      await tx
        .insertInto('incident_photos')
        .values(photos.map((p, position) => ({ incident_id: result.id, history_id: result.historyId, photo_sha256: p.sha256, kind: 'before' as const, position })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    return result
  })
  if (event) deps.events.publish(liveEventOf(event))
  return { id, created, detail: reply(id, chain, rows) }
}
