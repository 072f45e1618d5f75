import { SHANGHAI_UTC_OFFSET_MS } from '@wangge/sla'

/** Months between audits: every station is due one at least once a quarter (DESIGN.md). */
export const AUDIT_INTERVAL_MONTHS = 3

/**
 * When a station audited at `lastAuditAt` is next due: three calendar months later on the street's clock
 * (Asia/Shanghai, which has no daylight saving), clamped to the month's end — 30 November after 31 August.
 * PostgreSQL's `timestamp + interval '3 months'` clamps the same way, which the list filter relies on.
 */
export function auditDueAt(lastAuditAt: Date): Date {
  const local = new Date(lastAuditAt.getTime() + SHANGHAI_UTC_OFFSET_MS)
  const year = local.getUTCFullYear()
  const month = local.getUTCMonth() + AUDIT_INTERVAL_MONTHS
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(local.getUTCDate(), lastDay)
  const due = Date.UTC(
    year,
    month,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  )
  return new Date(due - SHANGHAI_UTC_OFFSET_MS)
}

export type ComplianceStatus = 'compliant' | 'failing' | 'unaudited'

export interface LatestAudit {
  at: Date
  passedAll: boolean
  score: number
}

export interface StationCompliance {
  status: ComplianceStatus
  compliant: boolean
  /** The latest audit's score, or null before the first audit. */
  score: number | null
  lastAuditAt: Date | null
  /** When the next audit is due; a station never audited is due now. */
  dueAt: Date | null
  due: boolean
}

/** A station is compliant when its latest audit passes all six; it is due when that audit is a quarter old. */
export function stationCompliance(latest: LatestAudit | null, now: Date): StationCompliance {
  if (!latest) return { status: 'unaudited', compliant: false, score: null, lastAuditAt: null, dueAt: null, due: true }
  const dueAt = auditDueAt(latest.at)
  return {
    status: latest.passedAll ? 'compliant' : 'failing',
    compliant: latest.passedAll,
    score: latest.score,
    lastAuditAt: latest.at,
    dueAt,
    due: now.getTime() >= dueAt.getTime(),
  }
}
