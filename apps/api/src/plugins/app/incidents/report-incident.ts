import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { AppError, OutsideManagedAreaError } from '../../../errors.ts'
import type { GridsRepository } from '../grids/grids-repository.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { savePhotos } from '../photos/save-photos.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { allocateCaseNumber } from './case-number.ts'

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
 * Files a report: the grid chain from the point, the case number, the incident, its first history row and its
 * photos, all in one transaction. The client's `clientId` makes it idempotent: a retried submission — even twenty
 * at once — finds the first incident instead of making a second (`created: false`).
 */
export async function reportIncident(
  deps: { db: Kysely<Database>; grids: GridsRepository; photos: PhotoStorage },
  reporter: SignedInUser,
  report: IncidentReport,
  photos: readonly ProcessedPhoto[],
): Promise<{ id: string; created: boolean }> {
  const existing = await deps.db.selectFrom('incidents').select('id').where('client_id', '=', report.clientId).executeTakeFirst()
  if (existing) return { id: String(existing.id), created: false }
  const chain = await deps.grids.chainAt(report.lng, report.lat)
  if (!chain) throw new OutsideManagedAreaError(report.lng, report.lat)
  const category = await deps.db.selectFrom('categories').select('id').where('code', '=', report.categoryCode).where('parent_id', 'is not', null).executeTakeFirst()
  if (!category) throw new UnknownCategoryError(report.categoryCode)

  return deps.db.transaction().execute(async (tx) => {
    const status = report.selfHandled ? 'handled' : 'reported'
    const now = new Date()
    // Inserted under a placeholder number first: only the submission that wins the clientId takes a case number.
    const inserted = await tx
      .insertInto('incidents')
      .values({
        case_number: `pending-${report.clientId}`, client_id: report.clientId, category_id: category.id, description: report.description, status,
        location: sql`ST_SetSRID(ST_MakePoint(${report.lng}::float8, ${report.lat}::float8), 4326)` as never,
        accuracy_m: report.accuracyM, address: report.address,
        grid_l1_id: chain[0].id, grid_l2_id: chain[1].id, grid_l3_id: chain[2].id,
        reporter_id: reporter.id, self_handled: report.selfHandled, handled_at: report.selfHandled ? now : null,
        // Fixed on the spot: the reporter is its assignee, so a failed verification sends the rework back to them.
        assignee_user_id: report.selfHandled ? reporter.id : null,
      })
      .onConflict((oc) => oc.column('client_id').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) {
      const first = await tx.selectFrom('incidents').select('id').where('client_id', '=', report.clientId).executeTakeFirstOrThrow()
      return { id: String(first.id), created: false }
    }
    const id = String(inserted.id)
    await tx.updateTable('incidents').set({ case_number: await allocateCaseNumber(tx, now) }).where('id', '=', id).execute()
    const history = await tx
      .insertInto('incident_history')
      .values({ incident_id: id, actor_id: reporter.id, action: report.selfHandled ? 'report_handled' : 'report', from_status: null, to_status: status, note: report.description })
      .returning('id')
      .executeTakeFirstOrThrow()
    await savePhotos(tx, deps.photos, photos)
    if (photos.length) {
      await tx
        .insertInto('incident_photos')
        .values(photos.map((p, position) => ({ incident_id: id, history_id: String(history.id), photo_sha256: p.sha256, kind: 'before' as const, position })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    return { id, created: true }
  })
}
