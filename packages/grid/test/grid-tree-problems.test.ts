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
    expect(kinds([grid(1, '370705002001', '370705002002')])).toEqual([['WRONG_LEVEL', '370705002001', 0]])
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
    expect(kinds([grid(1, '370705002001', null, open)])).toEqual([['INVALID_GEOMETRY', '370705002001', 0]])
    expect(kinds([grid(1, '370705002001', null, far)])).toEqual([['INVALID_GEOMETRY', '370705002001', 0]])
  })
})
