import { describe, expect, it } from 'vitest'
import { findStructuralProblems, type GridFeature } from '../src/index.ts'

const square: GridFeature['geometry'] = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
  ],
}
const grid = (level: number, code: string, parentCode: string | null, geometry = square): GridFeature => ({
  type: 'Feature',
  properties: { level, code, name: code, parentCode },
  geometry,
})
const tree = () => [
  grid(1, '370705002001', null),
  grid(2, '37070500200101', '370705002001'),
  grid(3, '370705002001001', '37070500200101'),
]
const kinds = (features: GridFeature[]) => findStructuralProblems(features).map((p) => [p.kind, p.code, p.featureIndex])

describe('findStructuralProblems', () => {
  it('accepts a consistent tree', () => {
    expect(findStructuralProblems(tree())).toEqual([])
  })
  it('names a duplicate code at its second occurrence', () => {
    const features = [...tree(), grid(3, '370705002001001', '37070500200101')]
    expect(kinds(features)).toEqual([['DUPLICATE_CODE', '370705002001001', 3]])
  })
  it('finds an unknown parent, a wrong level, an inconsistent and a malformed code', () => {
    expect(kinds([...tree(), grid(3, '370705002001002', '37070500200199')])).toEqual([
      ['UNKNOWN_PARENT', '370705002001002', 3],
    ])
    expect(kinds([...tree(), grid(3, '370705002001002', '370705002001')])).toEqual([
      ['WRONG_LEVEL', '370705002001002', 3],
    ])
    expect(kinds([...tree(), grid(2, '37070500200201', '370705002001')])).toEqual([
      ['INCONSISTENT_CODE', '37070500200201', 3],
    ])
    expect(kinds([...tree(), grid(2, '3707050020010', '370705002001')])).toEqual([
      ['MALFORMED_CODE', '3707050020010', 3],
    ])
    expect(kinds([grid(1, '370705002001', '370705002002'), ...tree().slice(1)])).toEqual([
      ['WRONG_LEVEL', '370705002001', 0],
    ])
  })
  it('finds unclosed rings and coordinates outside WGS-84', () => {
    const open: GridFeature['geometry'] = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    }
    const far: GridFeature['geometry'] = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [200, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    }
    // The community redrawn, its area and unit grid kept: each file has all three levels.
    expect(kinds([grid(1, '370705002001', null, open), ...tree().slice(1)])).toEqual([
      ['INVALID_GEOMETRY', '370705002001', 0],
    ])
    expect(kinds([grid(1, '370705002001', null, far), ...tree().slice(1)])).toEqual([
      ['INVALID_GEOMETRY', '370705002001', 0],
    ])
  })
  it('locates each problem on its feature', () => {
    const [problem] = findStructuralProblems([...tree(), grid(3, '370705002001002', '37070500200199')])
    expect(problem!.location).toEqual({ point: [0.5, 0.5], bbox: [0, 0, 1, 1] })
  })
  it('says once that a level is missing, rather than a problem per feature', () => {
    const problems = findStructuralProblems([tree()[0]!, grid(3, '370705002001001', '37070500200101')])
    expect(problems.map((p) => p.kind)).toEqual(['MISSING_LEVEL'])
    expect(problems[0]!.message).toContain('缺少 2 级（片区）')
  })
})
