import { formatSequence, type GridFeature, type GridFeatureCollection } from '@wangge/grid'
import { apportion } from './allocate.ts'
import { traceBoundary } from './boundary.ts'
import { hash32 } from './hash.ts'
import { positionCache } from './lattice.ts'
import { chineseNumeral, COMMUNITY_NAMES } from './names.ts'
import { streetOutline } from './outline.ts'
import { bisect, cellsInRows } from './partition.ts'
import { readingOrder } from './reading-order.ts'
import { STREET } from './reference-street.ts'
import { boundsOf, centroidOf, cellCount, type Region } from './region.ts'

/** How many grids the reference street has at each level. */
export const STREET_GRID_COUNTS = { 1: 9, 2: 65, 3: 1360 } as const

/** Relative spread of the bisection targets: communities differ in size more than the areas inside them. */
const COMMUNITY_WOBBLE = 0.08
const AREA_WOBBLE = 0.1
const SALT = 0x370705

interface Community {
  readonly region: Region
  readonly code: string
  readonly name: string
  readonly areas: readonly Region[]
}

/**
 * The grid tree of 大虞街道 as an interchange FeatureCollection: 9 communities, 65 areas (片区), 1,360 unit grids,
 * each level tiling its parent exactly. The same bytes on every run (see README for the layout and numbering).
 */
export function generateStreet(): GridFeatureCollection {
  const outline = streetOutline()
  const position = positionCache({ originX: outline.centre.x, originY: outline.centre.y })
  const ring = (region: Region): GridFeature['geometry'] => ({
    type: 'MultiPolygon',
    coordinates: [[traceBoundary(region).map(position)]],
  })

  const communityRegions = inReadingOrder(
    bisect(outline.region, STREET_GRID_COUNTS[1], hash32(SALT, 1), COMMUNITY_WOBBLE),
  )
  const areaCounts = apportion(STREET_GRID_COUNTS[2], communityRegions.map(cellCount))
  const communities: Community[] = communityRegions.map((region, c) => ({
    region,
    code: STREET.divisionCode + formatSequence(c + 1, 3),
    name: COMMUNITY_NAMES[c]!,
    areas: inReadingOrder(bisect(region, areaCounts[c]!, hash32(SALT, 2, c), AREA_WOBBLE)),
  }))
  const allAreas = communities.flatMap((community) => community.areas)
  const unitCounts = apportion(STREET_GRID_COUNTS[3], allAreas.map(cellCount))

  const level1: GridFeature[] = []
  const level2: GridFeature[] = []
  const level3: GridFeature[] = []
  let areaIndex = 0
  for (const community of communities) {
    level1.push(feature(1, community.code, community.name, null, ring(community.region)))
    let unitSequence = 0
    community.areas.forEach((area, a) => {
      const areaCode = community.code + formatSequence(a + 1, 2)
      level2.push(feature(2, areaCode, `${community.name}第${chineseNumeral(a + 1)}片区`, community.code, ring(area)))
      const rows = cellsInRows(area, unitCounts[areaIndex]!, hash32(SALT, 3, areaIndex))
      areaIndex++
      for (const cell of rows.flat()) {
        unitSequence++
        const sequence = formatSequence(unitSequence, 3)
        level3.push(feature(3, community.code + sequence, `${community.name}${sequence}网格`, areaCode, ring(cell)))
      }
    })
  }
  // Built in code order already; sorted anyway so the order is a stated property, not an accident.
  const features = [...byCode(level1), ...byCode(level2), ...byCode(level3)]
  return { type: 'FeatureCollection', features }
}

/** Stable JSON of a collection built by generateStreet (its key order is fixed by construction). */
export function serializeStreet(collection: GridFeatureCollection): string {
  return JSON.stringify(collection)
}

function feature(
  level: 1 | 2 | 3,
  code: string,
  name: string,
  parentCode: string | null,
  geometry: GridFeature['geometry'],
): GridFeature {
  return { type: 'Feature', properties: { level, code, name, parentCode }, geometry }
}

function byCode(features: GridFeature[]): GridFeature[] {
  return [...features].sort((a, b) => {
    const x = a.properties.code
    const y = b.properties.code
    return x < y ? -1 : x > y ? 1 : 0
  })
}

function inReadingOrder(regions: readonly Region[]): Region[] {
  const placed = regions.map((region) => {
    const { north, south } = boundsOf(region)
    const { x, y } = centroidOf(region)
    return { top: north, bottom: south, cx: x, cy: y }
  })
  return readingOrder(placed).map((index) => regions[index]!)
}
