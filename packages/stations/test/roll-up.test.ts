import { describe, expect, it } from 'vitest'
import { rollUpCompliance } from '../src/index.ts'

describe('rollUpCompliance', () => {
  it('counts each station towards its grid and every grid above it, by hand', () => {
    // Community 1 with areas 11 and 12; community 2 with area 21 and no stations in it at all.
    const stations = [
      { gridIds: [1], compliant: true, due: false, latestItems: [{ code: 'funding' as const, passed: true }] },
      {
        gridIds: [1, 11],
        compliant: false,
        due: false,
        latestItems: [
          { code: 'signage' as const, passed: false },
          { code: 'rules' as const, passed: false },
        ],
      },
      { gridIds: [1, 11], compliant: false, due: true, latestItems: [{ code: 'signage' as const, passed: false }] },
      { gridIds: [1, 12], compliant: false, due: true, latestItems: null },
    ]
    const level1 = rollUpCompliance([1, 2], stations)
    expect(level1).toEqual([
      {
        gridId: 1,
        stations: 4,
        compliant: 1,
        share: 0.25,
        overdueAudits: 2,
        itemFailures: { funding: 0, venue: 0, rules: 1, staffing: 0, signage: 2, commitment: 0 },
      },
      {
        gridId: 2,
        stations: 0,
        compliant: 0,
        share: null,
        overdueAudits: 0,
        itemFailures: { funding: 0, venue: 0, rules: 0, staffing: 0, signage: 0, commitment: 0 },
      },
    ])
    const level2 = rollUpCompliance([11, 12, 21], stations)
    expect(level2.map((r) => [r.gridId, r.stations, r.compliant, r.share, r.overdueAudits])).toEqual([
      [11, 2, 0, 0, 1],
      [12, 1, 0, 0, 1],
      [21, 0, 0, null, 0],
    ])
  })
})
