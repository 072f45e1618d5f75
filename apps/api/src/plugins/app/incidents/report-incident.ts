import { sql, type Kysely } from 'kysely'
import type pg from 'pg'
import { runPrepared } from '../../../db/prepared-statement.ts'
import type { Database } from '../../../db/database-schema.ts'
import { AppError, OutsideManagedAreaError } from '../../../errors.ts'
import type { GridRef } from '../grids/grids-repository.ts'
import { chainAtPoint } from '../grids/chain-at.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { savePhotos } from '../photos/save-photos.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { CASE_PREFIX } from './case-number.ts'
import { subCategoryByCode } from './category-cache.ts'
import type { IncidentDetail } from './incident-detail.ts'
import { newReportDetail, type FiledRows } from './new-report-detail.ts'
import { incidentEventData } from '../realtime/incident-event.ts'
import { liveEventOf, type EventPublisher, type EventRow } from '../realtime/live-event.ts'

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

interface FiledRow {
  /** Null when the point is in no unit grid: then nothing was written. */
  chain: [GridRef, GridRef, GridRef] | null
  id: string | null
  created: boolean
  history_id: string | null
  event: EventRow | null
  filed: FiledRows['incident'] | null
  first_step: FiledRows['firstStep'] | null
}

export class UnknownCategoryError extends AppError {
  constructor(code: string) {
    super(400, 'VALIDATION_FAILED', `未知的事件小类 ${code} / unknown sub-category`, [{ field: 'categoryCode', message: 'unknown sub-category' }])
  }
}

/**
 * Files a report in one statement: it finds the grid chain under the point, takes the day's next case number and
 * writes the incident and its first history row — atomic on its own, so a report without photos needs no explicit
 * transaction and costs one round trip (this is the hot path of the street's busiest hour). Photos add their rows
 * in one transaction with it. The client's `clientId` makes it idempotent: a retried submission — even twenty at
 * once — gets the first incident back (`created: false`), never a second. A report that fails after taking its
 * case number (retries racing each other, a photo that cannot be stored) leaves a gap in the day's numbering.
 * The same statement logs `incident.created` for the live map, which is published once the report has committed.
 */
export async function reportIncident(
  deps: { db: Kysely<Database>; pool: pg.Pool; namedStatements: boolean; photos: PhotoStorage; events: EventPublisher },
  reporter: SignedInUser,
  report: IncidentReport,
  photos: readonly ProcessedPhoto[],
): Promise<{ id: string; created: boolean; detail: IncidentDetail | null }> {
  const category = await subCategoryByCode(deps.db, report.categoryCode)
  if (category === undefined) throw new UnknownCategoryError(report.categoryCode)
  const categoryId = category.id

  // Outside a transaction the statement runs prepared: its planning costs more than its execution.
  const file = async (db: Kysely<Database>, inTransaction: boolean) => {
    const status = report.selfHandled ? 'handled' : 'reported'
    const statement = sql<FiledRow>`
      with chain as (${chainAtPoint(report.lng, report.lat)}
      ), existing as (
        select id from incidents where client_id = ${report.clientId}::uuid
      ), today as (
        select (now() at time zone 'Asia/Shanghai')::date as day
      ), counter as (
        -- Neither a point outside the street nor a retry takes a number (migration 0010: why numbers are a sequence).
        select day, next_case_number(day) as last from today where exists (select 1 from chain) and not exists (select 1 from existing)
      ), inserted as (
        insert into incidents (case_number, client_id, category_id, description, status, location, accuracy_m, address,
          grid_l1_id, grid_l2_id, grid_l3_id, reporter_id, self_handled, handled_at, assignee_user_id)
        select ${CASE_PREFIX} || '-' || to_char(counter.day, 'YYYYMMDD') || '-' || lpad(counter.last::text, greatest(4, length(counter.last::text)), '0'),
          ${report.clientId}::uuid, ${categoryId}::int, ${report.description}, ${status},
          ST_SetSRID(ST_MakePoint(${report.lng}::float8, ${report.lat}::float8), 4326), ${report.accuracyM}::real, ${report.address},
          chain.l1_id, chain.l2_id, chain.l3_id, ${reporter.id}::int, ${report.selfHandled}::boolean,
          case when ${report.selfHandled}::boolean then now() end,
          -- Fixed on the spot: the reporter is its assignee, so a failed verification sends the rework back to them.
          case when ${report.selfHandled}::boolean then ${reporter.id}::int end
        from counter, chain
        on conflict (client_id) do nothing
        returning id, case_number, status, description, location, due_at, created_at, assignee_user_id, assignee_department_id,
          rework_count, grid_l1_id, grid_l2_id, grid_l3_id, accuracy_m, handled_at
      ), history as (
        insert into incident_history (incident_id, actor_id, action, from_status, to_status, note)
        select id, ${reporter.id}::int, ${report.selfHandled ? 'report_handled' : 'report'}, null, ${status}, ${report.description} from inserted
        returning id, at
      ), event as (
        insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
        select 'incident.created', i.grid_l1_id, i.grid_l2_id, i.grid_l3_id, ${incidentEventData('i', report.categoryCode)} from inserted i
        returning seq::text, type, at, grid_l1_id, grid_l2_id, grid_l3_id, data
      )
      select (select chain from chain) as chain, coalesce((select id from inserted), (select id from existing))::text as id,
        exists (select 1 from inserted) as created, (select id from history)::text as history_id,
        (select row_to_json(event) from event) as event,
        -- What the reply needs of the new rows, formatted as the detail query formats them (incident-detail.ts).
        (select json_build_object('caseNumber', case_number, 'accuracyM', accuracy_m,
          'createdAt', to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"'),
          'handledAt', to_char(handled_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')) from inserted) as filed,
        (select json_build_object('id', id::text, 'at', to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')) from history) as first_step`
    const [row] = inTransaction
      ? (await statement.execute(db)).rows
      : await runPrepared<FiledRow>(deps.pool, 'incidents_report', statement.compile(db), { named: deps.namedStatements })
    if (!row?.chain) throw new OutsideManagedAreaError(report.lng, report.lat)
    const { chain } = row
    if (row.id) return { chain, id: row.id, created: row.created, historyId: row.history_id, event: row.event, rows: row.filed && row.first_step ? { incident: row.filed, firstStep: row.first_step } : null }
    // A retry that raced the first submission: the first one has committed by now.
    const first = await db.selectFrom('incidents').select('id').where('client_id', '=', report.clientId).executeTakeFirstOrThrow()
    return { chain, id: String(first.id), created: false, historyId: null, event: null, rows: null }
  }
  // A new incident's reply is composed from what is known; a retried one is read back by the caller.
  const reply = (id: string, chain: readonly [GridRef, GridRef, GridRef], rows: FiledRows | null) =>
    rows ? newReportDetail(id, report, reporter, category, chain, photos, rows) : null

  if (photos.length === 0) {
    const { chain, id, created, event, rows } = await file(deps.db, false)
    if (event) deps.events.publish(liveEventOf(event))
    return { id, created, detail: reply(id, chain, rows) }
  }
  const { chain, id, created, event, rows } = await deps.db.transaction().execute(async (tx) => {
    const filed = await file(tx, true)
    const { id, created, historyId } = filed
    if (created) {
      await savePhotos(tx, deps.photos, photos)
      await tx
        .insertInto('incident_photos')
        .values(photos.map((p, position) => ({ incident_id: id, history_id: historyId, photo_sha256: p.sha256, kind: 'before' as const, position })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    return filed
  })
  if (event) deps.events.publish(liveEventOf(event))
  return { id, created, detail: reply(id, chain, rows) }
}
