import { describe, expect, it } from 'vitest'
import gcoord from 'gcoord'
import { findMissingLevels, normaliseGridImport, type GridImportCollection } from '../src/index.ts'

/** A 100 m square near the reference street, as a published file would give it. */
const square = (lng: number, lat: number, d = 0.001): number[][] => [
  [lng, lat],
  [lng + d, lat],
  [lng + d, lat + d],
  [lng, lat + d],
  [lng, lat],
]
const file = (ring: number[][], level = 1): GridImportCollection => ({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { level, code: '370705002001', name: '测试社区', parentCode: null },
      geometry: { type: 'Polygon', coordinates: [ring] },
    },
  ],
})

/** Metres between two WGS-84 points, by the equirectangular approximation (exact enough at this scale). */
const metres = ([a, b]: number[], [c, d]: number[]) =>
  Math.hypot((c! - a!) * 111_320 * Math.cos((b! * Math.PI) / 180), (d! - b!) * 110_540)

describe('normaliseGridImport', () => {
  it('keeps a 2-D WGS-84 file as it is, with no warning', () => {
    const input = file(square(119.1, 36.7))
    const { collection, warnings } = normaliseGridImport(input)
    expect(collection).toEqual(input)
    expect(warnings).toEqual([])
  })

  it('drops heights and measures, warning once with the number of features', () => {
    const { collection, warnings } = normaliseGridImport(file(square(119.1, 36.7).map(([x, y]) => [x!, y!, 12.5, 7])))
    expect(collection).toEqual(file(square(119.1, 36.7)))
    expect(warnings).toEqual([expect.objectContaining({ kind: 'THIRD_COORDINATE_DROPPED', features: 1 })])
    expect(warnings[0]!.message).toMatch(/^1 个要素的坐标带有第三个值/)
  })

  it('converts GCJ-02 to within a centimetre of the WGS-84 truth, keeping rings closed', () => {
    const truth = square(119.1, 36.7)
    const gcj = truth.map((p) => gcoord.transform(p as [number, number], gcoord.WGS84, gcoord.GCJ02))
    expect(metres(gcj[0]!, truth[0]!)).toBeGreaterThan(100) // the offset a GCJ-02 file read as WGS-84 shows
    const { collection, warnings } = normaliseGridImport(file(gcj), 'gcj02')
    const ring = (collection.features[0]!.geometry.coordinates as number[][][])[0]!
    ring.forEach((p, i) => expect(metres(p, truth[i]!)).toBeLessThan(0.01))
    expect(ring[0]).toEqual(ring[ring.length - 1])
    expect(warnings).toEqual([expect.objectContaining({ kind: 'CONVERTED_FROM_GCJ02', features: 1 })])
  })

  it('leaves DataV properties behind: the interchange format holds level, code, name, parentCode', () => {
    const input = file(square(119.1, 36.7))
    Object.assign(input.features[0]!.properties, { adcode: 370705, parent: { adcode: 370700 } })
    expect(Object.keys(normaliseGridImport(input).collection.features[0]!.properties)).toEqual([
      'level',
      'code',
      'name',
      'parentCode',
    ])
  })
})

describe('findMissingLevels', () => {
  it('names the missing levels of a two-level file, zh-CN first, located on the whole file', () => {
    const { collection } = normaliseGridImport(file(square(119.1, 36.7)))
    const [problem, ...rest] = findMissingLevels(collection.features)
    expect(rest).toEqual([])
    expect(problem).toMatchObject({ kind: 'MISSING_LEVEL', code: null, featureIndex: null })
    expect(problem!.message).toMatch(/^网格树须有三级.*缺少 2 级（片区）、3 级（单元网格）/)
    expect(problem!.message).toContain('no level 2 (area) and level 3 (unit grid)')
    expect(problem!.location!.bbox).toEqual([119.1, 36.7, 119.101, 36.701])
  })
})
