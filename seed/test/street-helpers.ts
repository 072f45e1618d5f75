import type { GridFeature, GridFeatureCollection } from '@wangge/grid'

export type Position = [number, number]

// Metres per degree at the street's latitude, only to tell north–south edges from east–west ones.
const METRES_PER_DEGREE_LAT = 111195
const METRES_PER_DEGREE_LNG = 89142

export function ofLevel(collection: GridFeatureCollection, level: 1 | 2 | 3): GridFeature[] {
  return collection.features.filter((feature) => feature.properties.level === level)
}

/** The one exterior ring of a seed feature (a MultiPolygon of one polygon without holes). */
export function ringOf(feature: GridFeature): Position[] {
  if (feature.geometry.type !== 'MultiPolygon') throw new Error(`${feature.properties.code} is not a MultiPolygon`)
  const ring = feature.geometry.coordinates[0]?.[0]
  if (ring === undefined) throw new Error(`${feature.properties.code} has no ring`)
  return ring as Position[]
}

export function childrenByParent(collection: GridFeatureCollection): Map<string, GridFeature[]> {
  const map = new Map<string, GridFeature[]>()
  for (const feature of collection.features) {
    const parent = feature.properties.parentCode
    if (parent === null) continue
    const list = map.get(parent) ?? []
    list.push(feature)
    map.set(parent, list)
  }
  return map
}

export function sequenceOf(feature: GridFeature): number {
  const { code, level } = feature.properties
  return Number(code.slice(level === 1 ? 9 : 12))
}

/** Directed edges of a ring, keyed by their exact coordinates. */
export function directedEdges(
  ring: readonly Position[],
): { key: string; reverse: string; from: Position; to: Position }[] {
  const edges = []
  for (let k = 0; k + 1 < ring.length; k++) {
    const from = ring[k]!
    const to = ring[k + 1]!
    edges.push({ key: `${from}>${to}`, reverse: `${to}>${from}`, from, to })
  }
  return edges
}

export type Side = 'north' | 'south' | 'east' | 'west'

/** Which side of a counter-clockwise ring an edge lies on: its east side runs north, its north side runs west. */
export function sideOf(from: Position, to: Position): Side {
  const dx = (to[0] - from[0]) * METRES_PER_DEGREE_LNG
  const dy = (to[1] - from[1]) * METRES_PER_DEGREE_LAT
  if (Math.abs(dy) > Math.abs(dx)) return dy > 0 ? 'east' : 'west'
  return dx > 0 ? 'south' : 'north'
}

export function boxOf(ring: readonly Position[]): [number, number, number, number] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [lng, lat] of ring) {
    west = Math.min(west, lng)
    east = Math.max(east, lng)
    south = Math.min(south, lat)
    north = Math.max(north, lat)
  }
  return [west, south, east, north]
}
