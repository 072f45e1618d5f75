import { describe, expect, it } from 'vitest'
import { generateStreet, stationSeedFor } from '../src/index.ts'

const stations = () =>
  generateStreet()
    .features.filter((f) => f.properties.level < 3)
    .map((f) =>
      stationSeedFor({ code: f.properties.code, name: f.properties.name, level: f.properties.level as 1 | 2 }),
    )

describe('seeded stations', () => {
  it('gives each community and area a named station with an address in 奎文区 and a mobile contact', () => {
    const all = stations()
    expect(all).toHaveLength(9 + 65)
    expect(new Set(all.map((s) => s.name)).size).toBe(all.length)
    expect(all.slice(0, 9).every((s) => s.name.endsWith('社区工作站'))).toBe(true)
    expect(all.slice(9).every((s) => s.name.endsWith('网格服务站'))).toBe(true)
    expect(all.every((s) => s.address.startsWith('潍坊市奎文区') && /^1[3-9][0-9]{9}$/.test(s.contactPhone))).toBe(true)
  })

  it('is the same on every run', () => {
    expect(stations()).toEqual(stations())
  })
})
