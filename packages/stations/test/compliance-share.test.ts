import { describe, expect, it } from 'vitest'
import { COMPLIANCE_SHARE_BANDS, complianceShareBand } from '../src/index.ts'

describe('complianceShareBand', () => {
  it('is low below 60 %, below target below 90 %, on target from 90 %', () => {
    expect([0, 0.599, 0.6, 0.899, 0.9, 1].map(complianceShareBand)).toEqual([
      'low',
      'low',
      'belowTarget',
      'belowTarget',
      'onTarget',
      'onTarget',
    ])
  })

  it('gives a grid without stations no band', () => {
    expect(complianceShareBand(null)).toBe('none')
  })

  it('agrees with the bands a legend lists, which cover every share without a gap', () => {
    for (const { band, from, below } of COMPLIANCE_SHARE_BANDS) {
      expect(complianceShareBand(from)).toBe(band)
      if (Number.isFinite(below)) expect(complianceShareBand(below - 1e-9)).toBe(band)
    }
    expect(COMPLIANCE_SHARE_BANDS.slice(1).map((b) => b.from)).toEqual(
      COMPLIANCE_SHARE_BANDS.slice(0, -1).map((b) => b.below),
    )
  })
})
