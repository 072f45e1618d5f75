import { sql, type Kysely } from 'kysely'
import { planRectifications, type AuditItem, type SixHaveCode } from '@wangge/stations'
import type { Database } from '../../../db/database-schema.ts'
import { IdempotencyKeyReusedError } from '../../../errors.ts'
import { writeAudit, type Actor } from '../audit/audit-log.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { PhotoStorage } from '../photos/photo-storage.ts'
import { savePhotos } from '../photos/save-photos.ts'
import { logEvent } from '../realtime/event-log.ts'
import type { EventRow } from '../realtime/live-event.ts'

/** An audit taken farther than this from the station is marked off-site (it still counts, but says so). */
export const OFF_SITE_METRES = 300

export interface AuditSubmission {
  clientId: string
  lng: number
  lat: number
  accuracyM: number | null
  note: string | null
  /** Checked by @wangge/stations: all six, in order. */
  items: AuditItem[]
  photos: { item: SixHaveCode; photo: ProcessedPhoto }[]
}

/**
 * Files a checked audit (stationsService.submitAudit holds the checks): the audit where the auditor stood and its
 * distance from the station, the six items with their photos, what it does to the station's rectification tasks,
 * its audit-log row and the live map's `station.audited` event — one transaction, so a refused audit leaves nothing.
 * A clientId the auditor has used returns their first audit when it is the same one, and is refused otherwise.
 */
export async function fileAudit(
  db: Kysely<Database>,
  photos: PhotoStorage,
  {
    auditorId,
    actor,
    stationId,
    audit,
    score,
    passedAll,
  }: { auditorId: number; actor: Actor; stationId: number; audit: AuditSubmission; score: number; passedAll: boolean },
): Promise<{ id: string; created: boolean; event: EventRow | null }> {
  return db.transaction().execute(async (tx) => {
    const point = sql`ST_SetSRID(ST_MakePoint(${audit.lng}::float8, ${audit.lat}::float8), 4326)`
    const {
      rows: [inserted],
    } = await sql<{ id: string; distance_m: number }>`
      insert into station_audits (client_id, station_id, auditor_id, location, accuracy_m, distance_m, off_site, score, passed_all, note)
      select ${audit.clientId}::uuid, s.id, ${auditorId}::int, ${point}, ${audit.accuracyM}::real, d.m, d.m > ${OFF_SITE_METRES}::float8,
        ${score}::smallint, ${passedAll}::boolean, ${audit.note}
      from stations s, lateral (select ST_Distance(s.location::geography, ${point}::geography) m) d
      where s.id = ${stationId}::int
      on conflict (auditor_id, client_id) do nothing
      returning id::text, distance_m`.execute(tx)
    if (!inserted) {
      const first = await firstAuditUnderKey(tx, auditorId, stationId, audit)
      if (!first.same) throw new IdempotencyKeyReusedError()
      return { id: first.id, created: false, event: null }
    }
    const auditId = inserted.id
    await tx
      .insertInto('station_audit_items')
      .values(
        audit.items.map((item) => ({
          audit_id: auditId,
          item: item.code,
          passed: item.passed,
          deduction: item.deduction,
          note: item.note,
        })),
      )
      .execute()
    if (audit.photos.length > 0) {
      await savePhotos(
        tx,
        photos,
        audit.photos.map((p) => p.photo),
      )
      const positions = new Map<SixHaveCode, number>()
      await tx
        .insertInto('station_audit_photos')
        .values(
          audit.photos.map(({ item, photo }) => {
            const position = positions.get(item) ?? 0
            positions.set(item, position + 1)
            return { audit_id: auditId, item, position, photo_sha256: photo.sha256 }
          }),
        )
        .execute()
    }
    const rectified = await applyRectifications(tx, stationId, auditId, audit.items)
    await writeAudit(tx, actor, {
      action: 'station.audit',
      entity: 'station',
      entityId: stationId,
      after: {
        auditId,
        score,
        passedAll,
        offSite: inserted.distance_m > OFF_SITE_METRES,
        failed: audit.items.filter((i) => !i.passed).map((i) => i.code),
        ...rectified,
      },
    })
    // The live map's `station.audited`, to the station's grid and the grids above it (a station is at level 1 or 2).
    const grid = await tx
      .selectFrom('stations as s')
      .innerJoin('grids as g', 'g.id', 's.grid_id')
      .select(['g.id', 'g.level', 'g.parent_id'])
      .where('s.id', '=', stationId)
      .executeTakeFirstOrThrow()
    const chain = grid.level === 1 ? ([grid.id, null, null] as const) : ([grid.parent_id!, grid.id, null] as const)
    const event = await logEvent(tx, 'station.audited', chain, {
      stationId,
      auditId,
      score,
      passedAll,
      offSite: inserted.distance_m > OFF_SITE_METRES,
      failed: audit.items.filter((i) => !i.passed).map((i) => i.code),
    })
    return { id: auditId, created: true, event }
  })
}

/**
 * The auditor's audit filed under this clientId, and whether it is the same audit: what the form sends — station,
 * point, accuracy (as the float4 stored), note and each item's verdict, deduction and note. Photos and rectification
 * dates are left out: a retry sends the same, and the items' verdicts are what the audit says.
 */
async function firstAuditUnderKey(tx: Kysely<Database>, auditorId: number, stationId: number, audit: AuditSubmission) {
  const first = await tx
    .selectFrom('station_audits as a')
    .select((eb) => [
      sql<string>`a.id::text`.as('id'),
      sql<boolean>`a.station_id = ${stationId}::int and ST_X(a.location) = ${audit.lng}::float8 and ST_Y(a.location) = ${audit.lat}::float8
        and a.accuracy_m is not distinct from ${audit.accuracyM}::real and a.note is not distinct from ${audit.note}::text`.as(
        'same',
      ),
      eb
        .selectFrom('station_audit_items as i')
        .select(
          sql<
            { code: string; passed: boolean; deduction: number; note: string | null }[]
          >`json_agg(json_build_object('code', i.item, 'passed', i.passed, 'deduction', i.deduction, 'note', i.note))`.as(
            'items',
          ),
        )
        .whereRef('i.audit_id', '=', 'a.id')
        .as('items'),
    ])
    .where('a.auditor_id', '=', auditorId)
    .where('a.client_id', '=', audit.clientId)
    .executeTakeFirstOrThrow()
  const filedItems = new Map((first.items ?? []).map((i) => [i.code, i]))
  const sameItems =
    audit.items.length === filedItems.size &&
    audit.items.every((item) => {
      const filed = filedItems.get(item.code)
      return (
        filed !== undefined &&
        filed.passed === item.passed &&
        filed.deduction === item.deduction &&
        filed.note === item.note
      )
    })
  return { id: first.id, same: first.same && sameItems }
}

/** Closes the tasks of items that pass now and opens tasks for failed items given a date (planRectifications). */
async function applyRectifications(tx: Kysely<Database>, stationId: number, auditId: string, items: AuditItem[]) {
  const open = await tx
    .selectFrom('station_rectifications')
    .select('item')
    .where('station_id', '=', stationId)
    .where('closed_by_audit_id', 'is', null)
    .forUpdate()
    .execute()
  const plan = planRectifications(new Set(open.map((r) => r.item)), items)
  if (plan.close.length > 0) {
    await tx
      .updateTable('station_rectifications')
      .set({ closed_by_audit_id: auditId, closed_at: sql<Date>`now()` })
      .where('station_id', '=', stationId)
      .where('closed_by_audit_id', 'is', null)
      .where('item', 'in', plan.close)
      .execute()
  }
  if (plan.open.length > 0) {
    await tx
      .insertInto('station_rectifications')
      .values(
        plan.open.map((task) => ({
          station_id: stationId,
          item: task.code,
          opened_by_audit_id: auditId,
          due_on: task.dueOn,
        })),
      )
      .execute()
  }
  return { rectificationsClosed: plan.close, rectificationsOpened: plan.open }
}
