import { describe, expect, it } from 'vitest'
import { distanceM, filterTrack, type TrackPoint } from '../src/index.ts'

const limits = { maxAccuracyM: 50, maxSpeedMps: 8 }
const start = Date.parse('2026-11-02T01:00:00Z')
// About 11 m of latitude per 0.0001°: a walk of ~1.1 m/s when a point comes every 10 s.
const walk = (n: number, extra: Partial<TrackPoint> = {}): TrackPoint => ({
  id: `p${n}`,
  at: start + n * 10_000,
  lng: 119.16,
  lat: 36.7 + n * 0.0001,
  accuracy: 10,
  ...extra,
})

describe('filterTrack', () => {
  it('keeps a walk in time order whatever order the points came in', () => {
    const { kept, dropped } = filterTrack([walk(2), walk(0), walk(1)], null, limits)
    expect(kept.map((p) => p.id)).toEqual(['p0', 'p1', 'p2'])
    expect(dropped).toEqual([])
  })

  it('drops a fix with a wide accuracy circle and a jump, and resumes from the last kept point', () => {
    const jump = walk(2, { lng: 119.17 }) // ~900 m east in 10 s
    const poor = walk(3, { accuracy: 120 })
    const { kept, dropped } = filterTrack([walk(0), walk(1), jump, poor, walk(4)], null, limits)
    expect(kept.map((p) => p.id)).toEqual(['p0', 'p1', 'p4'])
    expect(dropped.map((d) => [d.point.id, d.reason])).toEqual([
      ['p2', 'speed'],
      ['p3', 'accuracy'],
    ])
  })

  it('measures the first point of a batch from the last point already stored, and refuses going back in time', () => {
    const last = walk(5)
    const { kept, dropped } = filterTrack([walk(4), walk(6)], last, limits)
    expect(kept.map((p) => p.id)).toEqual(['p6'])
    expect(dropped.map((d) => d.reason)).toEqual(['order'])
  })

  it('accepts a long offline gap walked at a normal pace', () => {
    const afterGap = walk(60) // 10 minutes later, ~660 m further
    expect(filterTrack([afterGap], walk(0), limits).kept).toHaveLength(1)
  })

  it('measures distance in metres', () => {
    expect(distanceM({ lng: 119.16, lat: 36.7 }, { lng: 119.16, lat: 36.701 })).toBeCloseTo(111.2, 0)
  })
})
