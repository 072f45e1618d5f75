import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { stationSeedFor } from '@wangge/seed'
import { SHANGHAI_UTC_OFFSET_MS, shanghaiDateOf } from '@wangge/sla'
import {
  auditPassesAll,
  auditScore,
  planRectifications,
  SIX_HAVES,
  stationTypeForLevel,
  type AuditItem,
  type SixHaveCode,
} from '@wangge/stations'
import type { Database } from '../db/database-schema.ts'

const DAY_MS = 86_400_000

/** mulberry32, seeded per street: the history repeats run after run; only its dates move with "now". */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What auditors write when an item fails, one plausible finding per item. */
const FINDINGS: Record<SixHaveCode, readonly string[]> = {
  funding: ['年度工作经费未落实到位', '经费使用台账不全'],
  venue: ['活动室被挪作仓库使用', '活动场所面积不足、无法开展活动'],
  rules: ['工作制度未上墙', '值班、接待台账缺失'],
  staffing: ['检查时无人值守', '值守人员未佩戴工作牌'],
  signage: ['门头标识破损褪色', '缺少指引标识'],
  commitment: ['服务承诺未公示', '服务承诺内容过期未更新'],
}

interface SeedAudit {
  stationIndex: number
  at: Date
  offSite: boolean
  items: AuditItem[]
}

/**
 * A year of six-haves audits for the seeded stations, about one a quarter each, by the street's manager. Most
 * stations pass; failed items get a rectification date and are usually fixed by the next audit; a few stations'
 * latest audit fails, and about one in eight has gone more than a quarter without one (due). Only into a street
 * without stations.
 */
export async function seedStations(db: Kysely<Database>, { now = new Date() } = {}): Promise<number | 'kept'> {
  if (await db.selectFrom('stations').select('id').limit(1).executeTakeFirst()) return 'kept'
  const grids = await db
    .selectFrom('grids')
    .select(['id', 'code', 'name', 'level'])
    .where('level', 'in', [1, 2])
    .orderBy('level')
    .orderBy('code')
    .execute()
  const manager = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'manager')
    .where('active', '=', true)
    .orderBy('id')
    .executeTakeFirst()
  if (grids.length === 0) return 0
  const random = prng(370705002 + 6)

  const audits: SeedAudit[] = []
  grids.forEach((_, stationIndex) => {
    const overdue = random() < 0.15
    // The latest audit: within the last quarter, or 100–140 days ago for the overdue ones.
    let at = new Date(now.getTime() - (overdue ? 100 + random() * 40 : 3 + random() * 80) * DAY_MS)
    const dates: Date[] = []
    while (at.getTime() > now.getTime() - 365 * DAY_MS) {
      dates.unshift(workingHour(at, random))
      at = new Date(at.getTime() - (75 + random() * 20) * DAY_MS)
    }
    let failedBefore = new Set<SixHaveCode>()
    for (const date of dates) {
      const items = SIX_HAVES.map((def): AuditItem => {
        // Items that failed last time are usually put right; a fresh failure is rarer.
        const fails = failedBefore.has(def.code) ? random() < 0.15 : random() < 0.02
        const deduction = fails
          ? Math.max(2, Math.round(def.maxDeduction * (0.3 + random() * 0.5)))
          : random() < 0.08
            ? 1
            : 0
        const finding = FINDINGS[def.code][Math.floor(random() * 2)]!
        const rectifyBy = fails ? shanghaiDateOf(new Date(date.getTime() + 30 * DAY_MS)) : null
        return {
          code: def.code,
          passed: !fails,
          deduction,
          note: fails ? finding : deduction > 0 ? '基本符合，细节待完善' : null,
          rectifyBy,
        }
      })
      failedBefore = new Set(items.filter((i) => !i.passed).map((i) => i.code))
      audits.push({ stationIndex, at: date, offSite: random() < 0.04, items })
    }
  })

  await db.transaction().execute(async (tx) => {
    const stationRows = grids.map((g) => ({
      grid_id: g.id,
      type: stationTypeForLevel(g.level),
      ...stationSeedFor({ code: g.code, name: g.name, level: g.level as 1 | 2 }),
    }))
    const { rows: stations } = await sql<{ id: number; grid_id: number }>`
      insert into stations (name, type, grid_id, location, address, contact_name, contact_phone, opening_hours)
      select r.name, r.type, r.grid_id, (select ST_PointOnSurface(g.geom) from grids g where g.id = r.grid_id), r.address, r.contact_name, r.contact_phone, r.opening_hours
      from json_to_recordset(${JSON.stringify(stationRows.map((r) => ({ ...r, contact_name: r.contactName, contact_phone: r.contactPhone, opening_hours: r.openingHours })))}::json)
        as r(name text, type text, grid_id int, address text, contact_name text, contact_phone text, opening_hours text)
      returning id, grid_id`.execute(tx)
    if (!manager) return
    const idOfGrid = new Map(stations.map((s) => [s.grid_id, s.id]))
    const ids = grids.map((g) => idOfGrid.get(g.id)!)
    await insertAudits(
      tx,
      audits.map((a) => ({ ...a, stationId: ids[a.stationIndex]! })),
      manager.id,
      ids,
    )
  })
  return grids.length
}

/** A weekday, between 9:00 and 16:30 in Shanghai, on or before the given day. */
function workingHour(day: Date, random: () => number): Date {
  const local = new Date(day.getTime() + SHANGHAI_UTC_OFFSET_MS)
  while (local.getUTCDay() === 0 || local.getUTCDay() === 6) local.setUTCDate(local.getUTCDate() - 1)
  local.setUTCHours(9, 0, 0, 0)
  return new Date(local.getTime() - SHANGHAI_UTC_OFFSET_MS + Math.floor(random() * 450) * 60_000)
}

async function insertAudits(
  tx: Kysely<Database>,
  audits: (SeedAudit & { stationId: number })[],
  auditorId: number,
  stationIds: number[],
) {
  audits.sort((a, b) => a.at.getTime() - b.at.getTime())
  const rows = audits.map((a, i) => ({
    i,
    client_id: randomUUID(),
    station_id: a.stationId,
    at: a.at.toISOString(),
    score: auditScore(a.items),
    passed_all: auditPassesAll(a.items),
    // Off-site audits were filled in at another station; the distance is measured like any other.
    from_station: a.offSite ? stationIds[(stationIds.indexOf(a.stationId) + 7) % stationIds.length] : a.stationId,
  }))
  const { rows: inserted } = await sql<{ id: string; i: number }>`
    with input as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json)
        as r(i int, client_id uuid, station_id int, at timestamptz, score smallint, passed_all boolean, from_station int)
    ), placed as (
      select r.*, f.location, ST_Distance(s.location::geography, f.location::geography) m
      from input r join stations s on s.id = r.station_id join stations f on f.id = r.from_station
    ), ins as (
      insert into station_audits (client_id, station_id, auditor_id, at, location, accuracy_m, distance_m, off_site, score, passed_all)
      select client_id, station_id, ${auditorId}::int, at, location, 10, m, m > 300, score, passed_all from placed order by i
      returning id, client_id
    )
    select ins.id::text id, input.i from ins join input using (client_id)`.execute(tx)
  const auditIdOf = new Map(inserted.map((r) => [r.i, r.id]))
  const items = audits.flatMap((a, i) =>
    a.items.map((item) => ({
      audit_id: auditIdOf.get(i)!,
      item: item.code,
      passed: item.passed,
      deduction: item.deduction,
      note: item.note,
    })),
  )
  await tx.insertInto('station_audit_items').values(items).execute()

  // Rectification tasks as the audits would have left them, in order: opened by failures, closed by later passes.
  const tasks: {
    station_id: number
    item: SixHaveCode
    opened_by_audit_id: string
    due_on: string
    closed_by_audit_id: string | null
    closed_at: string | null
  }[] = []
  audits.forEach((a, i) => {
    const open = tasks.filter((t) => t.station_id === a.stationId && t.closed_by_audit_id === null)
    const plan = planRectifications(new Set(open.map((t) => t.item)), a.items)
    for (const task of open) {
      if (plan.close.includes(task.item))
        Object.assign(task, { closed_by_audit_id: auditIdOf.get(i)!, closed_at: a.at.toISOString() })
    }
    for (const task of plan.open)
      tasks.push({
        station_id: a.stationId,
        item: task.code,
        opened_by_audit_id: auditIdOf.get(i)!,
        due_on: task.dueOn,
        closed_by_audit_id: null,
        closed_at: null,
      })
  })
  if (tasks.length > 0)
    await tx
      .insertInto('station_rectifications')
      .values(tasks.map((t) => ({ ...t, closed_at: t.closed_at === null ? null : new Date(t.closed_at) })))
      .execute()
}
