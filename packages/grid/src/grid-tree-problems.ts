import { isCodeConsistentWithParent, isWellFormedGridCode } from './grid-code.ts'
import { isGridLevel } from './grid-level.ts'
import type { GridFeature } from './grid-feature.ts'

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

/** One reason an imported tree is refused, naming the feature (by code and position) it concerns. */
export interface GridTreeProblem {
  kind: GridTreeProblemKind
  code: string | null
  featureIndex: number | null
  message: string
}

/**
 * The checks that need no geometry: codes, levels and parent links. The geometric checks (validity, overlaps,
 * containment, gaps) run in PostGIS where the tree is staged.
 */
export function findStructuralProblems(features: readonly GridFeature[]): GridTreeProblem[] {
  const problems: GridTreeProblem[] = []
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
): GridTreeProblem {
  return { kind, code, featureIndex, message }
}
