import { isCodeConsistentWithParent, isWellFormedGridCode } from './grid-code.ts'
import { GRID_LEVELS, isGridLevel } from './grid-level.ts'
import type { GridFeature } from './grid-feature.ts'
import { bboxOfGeometry, bboxOfPositions, locationOfBBox, type GridLocation } from './grid-location.ts'

export type GridTreeProblemKind =
  | 'DUPLICATE_CODE'
  | 'MALFORMED_CODE'
  | 'INCONSISTENT_CODE'
  | 'UNKNOWN_PARENT'
  | 'WRONG_LEVEL'
  | 'INVALID_GEOMETRY'
  | 'OVERLAPPING_SIBLINGS'
  | 'OUTSIDE_PARENT'
  | 'GAP_IN_PARENT'
  | 'EMPTY_TREE'
  | 'MISSING_LEVEL'

/**
 * One reason an imported tree is refused, naming the feature (by code and position) it concerns and where to look:
 * the offending region for geometric problems, the feature's extent for the others (null only when the feature has
 * no usable coordinate).
 */
export interface GridTreeProblem {
  kind: GridTreeProblemKind
  code: string | null
  featureIndex: number | null
  message: string
  location: GridLocation | null
}

const LEVEL_NAMES: Record<1 | 2 | 3, [string, string]> = {
  1: ['社区', 'community'],
  2: ['片区', 'area'],
  3: ['单元网格', 'unit grid'],
}

/**
 * A tree needs all three levels; a file of districts and townships, say, has two. Said once and first, since every
 * parent link of such a file is then wrong too and would bury the reason under a problem per feature.
 */
export function findMissingLevels(features: readonly GridFeature[]): GridTreeProblem[] {
  const present = new Set(features.map((f) => f.properties.level))
  const missing = GRID_LEVELS.filter((level) => !present.has(level))
  if (missing.length === 0) return []
  const zh = missing.map((l) => `${l} 级（${LEVEL_NAMES[l][0]}）`).join('、')
  const en = missing.map((l) => `level ${l} (${LEVEL_NAMES[l][1]})`).join(' and ')
  const bbox = bboxOfPositions(features.flatMap((f) => bboxCorners(f)))
  return [
    problem(
      'MISSING_LEVEL',
      null,
      null,
      `网格树须有三级：1 级社区、2 级片区、3 级单元网格；本文件缺少 ${zh} / a grid tree needs three levels (1 community, 2 area, 3 unit grid); this file has no ${en}`,
      locationOfBBox(bbox),
    ),
  ]
}

function bboxCorners(feature: GridFeature): [number, number][] {
  const b = bboxOfGeometry(feature.geometry)
  return b
    ? [
        [b[0], b[1]],
        [b[2], b[3]],
      ]
    : []
}

/**
 * The checks that need no geometry: codes, levels and parent links. The geometric checks (validity, overlaps,
 * containment, gaps) run in PostGIS where the tree is staged.
 */
export function findStructuralProblems(features: readonly GridFeature[]): GridTreeProblem[] {
  const missingLevels = findMissingLevels(features)
  if (missingLevels.length > 0) return missingLevels
  const problems: GridTreeProblem[] = []
  const problem = (kind: GridTreeProblemKind, code: string, index: number, message: string) =>
    locatedProblem(kind, code, index, message, features[index]!)
  const firstIndexByCode = new Map<string, number>()
  features.forEach((feature, index) => {
    const { code } = feature.properties
    const seen = firstIndexByCode.get(code)
    if (seen === undefined) firstIndexByCode.set(code, index)
    else
      problems.push(
        problem(
          'DUPLICATE_CODE',
          code,
          index,
          `编码 ${code} 重复（与第 ${seen} 个要素相同）/ duplicate code, also feature ${seen}`,
        ),
      )
  })

  features.forEach((feature, index) => {
    const ringProblem = findRingProblem(feature)
    if (ringProblem) problems.push(problem('INVALID_GEOMETRY', feature.properties.code, index, ringProblem))
  })

  features.forEach((feature, index) => {
    const { code, level, parentCode } = feature.properties
    if (!isGridLevel(level)) {
      problems.push(problem('WRONG_LEVEL', code, index, `层级 ${level} 无效 / level must be 1, 2 or 3`))
      return
    }
    if (!isWellFormedGridCode(code, level)) {
      problems.push(
        problem(
          'MALFORMED_CODE',
          code,
          index,
          `${level} 级网格编码应为 ${[12, 14, 15][level - 1]} 位数字 / malformed code for level ${level}`,
        ),
      )
    }
    if (level === 1) {
      if (parentCode !== null)
        problems.push(problem('WRONG_LEVEL', code, index, `一级网格不应有上级 / a level-1 grid has no parent`))
      return
    }
    if (parentCode === null) {
      problems.push(problem('UNKNOWN_PARENT', code, index, `${level} 级网格缺少上级编码 / parentCode is required`))
      return
    }
    const parentIndex = firstIndexByCode.get(parentCode)
    const parent = parentIndex === undefined ? undefined : features[parentIndex]
    if (parent === undefined) {
      problems.push(
        problem('UNKNOWN_PARENT', code, index, `上级网格 ${parentCode} 不存在 / unknown parent ${parentCode}`),
      )
      return
    }
    const parentLevel = parent.properties.level
    if (parentLevel !== level - 1) {
      problems.push(
        problem(
          'WRONG_LEVEL',
          code,
          index,
          `上级 ${parentCode} 为 ${parentLevel} 级，本网格应为 ${parentLevel + 1} 级 / level must be parent's plus one`,
        ),
      )
    } else if (isGridLevel(parentLevel) && !isCodeConsistentWithParent(code, parentCode, parentLevel)) {
      problems.push(
        problem(
          'INCONSISTENT_CODE',
          code,
          index,
          `编码 ${code} 与上级编码 ${parentCode} 不一致 / code does not extend its parent's`,
        ),
      )
    }
  })
  return problems
}

/** What PostGIS cannot be asked about: coordinates out of WGS-84 range and rings that do not close. */
function findRingProblem(feature: GridFeature): string | undefined {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates
  for (const ring of polygons.flat()) {
    for (const [lng, lat] of ring) {
      if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
        return `坐标超出 WGS-84 范围 / coordinate out of WGS-84 range: [${lng}, ${lat}]`
      }
    }
    const first = ring[0]
    const last = ring[ring.length - 1]
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) return `多边形环未闭合 / a ring is not closed`
  }
  return undefined
}

export function problem(
  kind: GridTreeProblemKind,
  code: string | null,
  featureIndex: number | null,
  message: string,
  location: GridLocation | null,
): GridTreeProblem {
  return { kind, code, featureIndex, message, location }
}

/** A problem with a feature as a whole, located by the feature's extent. */
function locatedProblem(
  kind: GridTreeProblemKind,
  code: string,
  index: number,
  message: string,
  feature: GridFeature,
): GridTreeProblem {
  return problem(kind, code, index, message, locationOfBBox(bboxOfGeometry(feature.geometry)))
}
