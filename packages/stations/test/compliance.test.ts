import { describe, expect, it } from 'vitest'
import {
  auditDueAt,
  auditPassesAll,
  auditScore,
  checkAuditItems,
  stationCompliance,
  type AuditItem,
} from '../src/index.ts'
import { sheet } from './fixtures.ts'

const items = (failing: Parameters<typeof sheet>[0] = {}): AuditItem[] => checkAuditItems(sheet(failing)).items!

/** A hand-made history of one station: the latest audit decides, older ones do not. */
function latestOf(history: { at: string; failing?: Parameters<typeof sheet>[0] }[]) {
  const last = history.at(-1)
  if (!last) return null
  const sheetItems = items(last.failing)
  return { at: new Date(last.at), passedAll: auditPassesAll(sheetItems), score: auditScore(sheetItems) }
}

describe('score', () => {
  it('is 100 minus the deductions', () => {
    expect(auditScore(items())).toBe(100)
    expect(auditScore(items({ signage: 4, rules: 10 }))).toBe(86)
    // Every item failed with its full share: the shares add up to 100.
    expect(auditScore(items({ funding: 20, venue: 20, rules: 15, staffing: 20, signage: 10, commitment: 15 }))).toBe(0)
  })

  it('counts a minor deduction on a passed item without failing the audit', () => {
    const sheetItems = checkAuditItems(sheet().map((i) => (i.code === 'venue' ? { ...i, deduction: 3 } : i))).items!
    expect(auditScore(sheetItems)).toBe(97)
    expect(auditPassesAll(sheetItems)).toBe(true)
  })
})

describe('stationCompliance', () => {
  const now = new Date('2026-11-28T08:00:00+08:00')

  it('is compliant when the latest audit passes all six, whatever came before', () => {
    const c = stationCompliance(
      latestOf([{ at: '2026-06-01T10:00:00+08:00', failing: { funding: 20 } }, { at: '2026-10-10T10:00:00+08:00' }]),
      now,
    )
    expect(c).toMatchObject({ status: 'compliant', compliant: true, score: 100, due: false })
  })

  it('is failing when the latest audit fails one item, even after passing audits', () => {
    const c = stationCompliance(
      latestOf([{ at: '2026-06-01T10:00:00+08:00' }, { at: '2026-10-10T10:00:00+08:00', failing: { signage: 6 } }]),
      now,
    )
    expect(c).toMatchObject({ status: 'failing', compliant: false, score: 94, due: false })
  })

  it('is unaudited, not compliant and due at once without any audit', () => {
    expect(stationCompliance(null, now)).toEqual({
      status: 'unaudited',
      compliant: false,
      score: null,
      lastAuditAt: null,
      dueAt: null,
      due: true,
    })
  })

  it('is due three calendar months after the latest audit, on the Shanghai clock', () => {
    const c = stationCompliance(latestOf([{ at: '2026-08-28T08:00:00+08:00' }]), now)
    expect(c.dueAt?.toISOString()).toBe('2026-11-28T00:00:00.000Z')
    expect(c.due).toBe(true)
    expect(stationCompliance(latestOf([{ at: '2026-08-28T08:00:01+08:00' }]), now).due).toBe(false)
  })
})

describe('auditDueAt', () => {
  it('clamps to the end of a shorter month', () => {
    expect(auditDueAt(new Date('2026-08-31T09:00:00+08:00')).toISOString()).toBe(
      new Date('2026-11-30T09:00:00+08:00').toISOString(),
    )
    expect(auditDueAt(new Date('2025-11-30T09:00:00+08:00')).toISOString()).toBe(
      new Date('2026-02-28T09:00:00+08:00').toISOString(),
    )
  })

  it('counts the day in Shanghai, not in UTC', () => {
    // 31 Aug 01:00 in Shanghai is still 30 Aug in UTC: the due day is 30 Nov (clamped), not 30 Nov from a UTC 30 Aug.
    expect(auditDueAt(new Date('2026-08-31T01:00:00+08:00')).toISOString()).toBe(
      new Date('2026-11-30T01:00:00+08:00').toISOString(),
    )
    expect(auditDueAt(new Date('2026-12-15T23:30:00+08:00')).toISOString()).toBe(
      new Date('2027-03-15T23:30:00+08:00').toISOString(),
    )
  })
})
