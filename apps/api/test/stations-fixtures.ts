import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { auditPassesAll, auditScore, SIX_HAVES, type SixHaveCode } from '@wangge/stations'
import { multipart, withClient } from './helper.ts'

/** A station of the grid `gridCode`, at a point inside it, written straight to the table (no audit, no log). */
export async function newStation(gridCode: string, name: string): Promise<number> {
  return withClient(
    async (c) =>
      (
        await c.query<{ id: number }>(
          `insert into stations (name, type, grid_id, location, address, contact_name, contact_phone, opening_hours)
     select $2, case level when 1 then 'community_work_station' when 2 then 'grid_service_station' else 'service_point' end, id,
       ST_PointOnSurface(geom), '测试地址1号', '测试员', '13912345678', '周一至周五 9:00–17:00'
     from grids where code = $1 returning id`,
          [gridCode, name],
        )
      ).rows[0]!.id,
  )
}

/** A past audit of a station, every item passing except `failing` (item → deduction), at a given time. */
export async function newAudit(
  stationId: number,
  at: string,
  failing: Partial<Record<SixHaveCode, number>> = {},
  client?: pg.Client,
): Promise<string> {
  const items = SIX_HAVES.map((def) => ({
    code: def.code,
    passed: failing[def.code] === undefined,
    deduction: failing[def.code] ?? 0,
  }))
  const write = async (c: pg.Client) => {
    const auditor = (await c.query<{ id: number }>(`select id from users where role = 'manager' order by id limit 1`))
      .rows[0]!.id
    const {
      rows: [audit],
    } = await c.query<{ id: string }>(
      `insert into station_audits (client_id, station_id, auditor_id, at, location, distance_m, off_site, score, passed_all)
       select $1, s.id, $3, $4, s.location, 0, false, $5, $6 from stations s where s.id = $2 returning id::text`,
      [randomUUID(), stationId, auditor, at, auditScore(items), auditPassesAll(items)],
    )
    for (const item of items) {
      await c.query('insert into station_audit_items (audit_id, item, passed, deduction) values ($1, $2, $3, $4)', [
        audit!.id,
        item.code,
        item.passed,
        item.deduction,
      ])
    }
    return audit!.id
  }
  return client ? write(client) : withClient(write)
}

export interface SheetItem {
  code: string
  passed: boolean
  deduction: number
  note?: string
  rectifyBy?: string
}

/** The six items, all passing, with `changes` applied per item code. */
export function auditSheet(changes: Partial<Record<SixHaveCode, Partial<SheetItem>>> = {}): SheetItem[] {
  return SIX_HAVES.map((def) => ({ code: def.code, passed: true, deduction: 0, ...changes[def.code] }))
}

/** A multipart audit as the phone form sends it. */
export function auditForm(
  at: { lng: number; lat: number },
  items: SheetItem[],
  files: Parameters<typeof multipart>[1] = [],
  fields: Record<string, string> = {},
) {
  return multipart(
    {
      clientId: randomUUID(),
      lng: String(at.lng),
      lat: String(at.lat),
      accuracy: '6',
      items: JSON.stringify(items),
      ...fields,
    },
    files,
  )
}

/** Where a station stands. */
export async function stationPoint(stationId: number): Promise<{ lng: number; lat: number }> {
  return withClient(
    async (c) =>
      (
        await c.query<{ lng: number; lat: number }>(
          'select ST_X(location) lng, ST_Y(location) lat from stations where id = $1',
          [stationId],
        )
      ).rows[0]!,
  )
}

/** Rows of every table an audit writes to, to prove a refused audit wrote nothing. */
export const auditCounts = () =>
  withClient(
    async (c) =>
      (
        await c.query(`select (select count(*)::int from station_audits) audits, (select count(*)::int from station_audit_items) items,
    (select count(*)::int from station_audit_photos) photos, (select count(*)::int from photos) stored_photos,
    (select count(*)::int from station_rectifications) rectifications, (select count(*)::int from audit_log) log`)
      ).rows[0],
  )
