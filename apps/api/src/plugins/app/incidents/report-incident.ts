import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { AppError, IdempotencyKeyReusedError, NotFoundError, OutsideManagedAreaError } from '../../../errors.ts'
import type { GridRef } from '../grids/grids-repository.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { savePhotos } from '../photos/save-photos.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { subCategoryByCode } from './category-cache.ts'
import { findIncidentDetail, type IncidentDetail } from './incident-detail.ts'
import { newReportDetail, type FiledRows } from './new-report-detail.ts'
import { liveEventOf, type EventPublisher } from '../realtime/live-event.ts'
import type { ReportFiler } from './report-filer.ts'
import { FILING_SQL, filingParameters, sameReportSql, type FilingOutcome, type ReportToFile } from './report-filing.ts'

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
 * client's `clientId` makes it idempotent for its reporter: a retried submission — even twenty at once — gets the
 * reporter's first incident back (`created: false`), never a second; another report under a clientId the reporter
 * has used is refused (IdempotencyKeyReusedError); someone else's clientId is no concern of this reporter's. A
 * report that fails after taking its case number (retries racing each other, a photo that cannot be stored)
 * leaves a gap in the day's numbering.
 */
export async function reportIncident(
  deps: { db: Kysely<Database>; filer: ReportFiler; photos: PhotoStorage; events: EventPublisher },
  reporter: SignedInUser,
  report: IncidentReport,
  photos: readonly ProcessedPhoto[],
): Promise<{ id: string; created: boolean; detail: IncidentDetail }> {
  const category = await subCategoryByCode(deps.db, report.categoryCode)
  if (category === undefined) throw new UnknownCategoryError(report.categoryCode)
  const toFile: ReportToFile = { ...report, categoryId: category.id, reporterId: reporter.id }

  const filed = async (db: Kysely<Database>, outcome: FilingOutcome | undefined) => {
    if (!outcome?.chain) throw new OutsideManagedAreaError(report.lng, report.lat)
    const { chain } = outcome
    if (outcome.reused) throw new IdempotencyKeyReusedError()
    if (outcome.id) {
      const rows = outcome.filed && outcome.first_step ? { incident: outcome.filed, firstStep: outcome.first_step } : null
      return { chain, id: outcome.id, created: outcome.created, historyId: outcome.history_id, event: outcome.event, rows }
    }
    // Raced by a report under the same key (another statement, or earlier in this batch), committed by now.
    const { rows: [first] } = await db.executeQuery<{ id: string; same: boolean }>(CompiledQuery.raw(FIRST_UNDER_KEY_SQL, [
      reporter.id, report.clientId, category.id, report.description, report.lng, report.lat, report.accuracyM, report.address, report.selfHandled,
    ]))
    if (!first) throw new Error(`the report under clientId ${report.clientId} neither filed nor found`)
    if (!first.same) throw new IdempotencyKeyReusedError()
    return { chain, id: first.id, created: false, historyId: null, event: null, rows: null }
  }
  // A new incident's reply is composed from what is known; a retried one is read back as its reporter may read it.
  const reply = async (id: string, chain: readonly [GridRef, GridRef, GridRef], rows: FiledRows | null) => {
    if (rows) return newReportDetail(id, report, reporter, category, chain, photos, rows)
    const detail = await findIncidentDetail(deps.db, reporter, id)
    if (!detail) throw new NotFoundError('事件 incident')
    return detail
  }

  if (photos.length === 0) {
    const { chain, id, created, event, rows } = await filed(deps.db, await deps.filer.file(toFile))
    if (event) deps.events.publish(liveEventOf(event))
    return { id, created, detail: await reply(id, chain, rows) }
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
  return { id, created, detail: await reply(id, chain, rows) }
}

/** The reporter's incident under a clientId, and whether it holds the same report (report-filing.ts). */
const FIRST_UNDER_KEY_SQL = `
  select filed.id::text, ${sameReportSql('filed', 'sent')} as same
  from incidents filed,
    (select $3::int category_id, $4::text description, $5::float8 lng, $6::float8 lat, $7::real accuracy_m, $8::text address, $9::boolean self_handled) sent
  where filed.reporter_id = $1::int and filed.client_id = $2::uuid`
