import { bbox } from '@turf/turf'
import type { GridFeature, GridFeatureCollection } from '@wangge/grid'
import { chineseNumeral } from './names.ts'
import { STREET } from './reference-street.ts'
import { generateStreet, STREET_GRID_COUNTS } from './street.ts'

/**
 * A city for benches (not the demo): the reference street's generator laid out street after street, side by side,
 * each copy under a division code of its own. The reference street itself stays where it is, under its own codes, so
 * the seed's accounts, stations and cases still find their grids; the other streets fill a square of streets to its
 * east and south. Every copy is the street moved by a whole number of 1e-7° steps, so the edges its neighbours
 * share stay bit-identical and each copy tiles itself exactly as the street does; streets never touch each other
 * (a gap of STREET_GAP_DEGREES), so the communities of different streets, siblings at level 1, cannot overlap.
 */
export interface CityOptions {
  /** How many streets, the reference street first. */
  streets: number
  /** Only the first k communities of each street (with their areas and unit grids): a small city for tests. */
  communitiesPerStreet?: number
  /** Leave the reference street (street 0) out: a test adds the others to the street already in its database. */
  withoutReference?: boolean
}

/** The counties of 潍坊市 (3707xx) whose codes the streets borrow, in turn; 奎文区 first, as the reference street's. */
const COUNTIES: readonly { code: string; name: string }[] = [
  { code: '370705', name: '奎文' },
  { code: '370702', name: '潍城' },
  { code: '370703', name: '寒亭' },
  { code: '370704', name: '坊子' },
  { code: '370724', name: '临朐' },
  { code: '370725', name: '昌乐' },
  { code: '370781', name: '青州' },
  { code: '370782', name: '诸城' },
  { code: '370783', name: '寿光' },
  { code: '370784', name: '安丘' },
  { code: '370785', name: '高密' },
  { code: '370786', name: '昌邑' },
]

/** About 100 m at 36.7° N: streets stand apart, so no level-1 sibling touches one of another street. */
const STREET_GAP_DEGREES = 0.001
const STEPS_PER_DEGREE = 1e7

/** The streets it takes to reach `unitGrids` unit grids (74 for 100,000: 100,640 unit grids). */
export function streetsForUnitGrids(unitGrids: number): number {
  return Math.ceil(unitGrids / STREET_GRID_COUNTS[3])
}

/** One street of the city: its 9-digit division code, its name, and how far it lies from the reference street. */
export interface CityStreet {
  divisionCode: string
  name: string
  /** Longitude and latitude offsets from the reference street, in 1e-7° steps. */
  offsetSteps: readonly [number, number]
}

/**
 * The city's streets: street i takes county i mod 12 and the next street number in that county (奎文区 002 is the
 * reference street; its other streets start at 101 so no copy takes a real street's 001–0xx by accident of order).
 * They stand in rows of ⌈√n⌉ from the reference street eastwards, rows going south.
 */
export function cityStreets(count: number, streetBox = bbox(generateStreet())): CityStreet[] {
  const [west, south, east, north] = streetBox
  const columns = Math.ceil(Math.sqrt(count))
  const stepX = Math.ceil((east - west + STREET_GAP_DEGREES) * STEPS_PER_DEGREE)
  const stepY = Math.ceil((north - south + STREET_GAP_DEGREES) * STEPS_PER_DEGREE)
  return Array.from({ length: count }, (_, i) => {
    if (i === 0) return { divisionCode: STREET.divisionCode, name: STREET.name, offsetSteps: [0, 0] as const }
    const county = COUNTIES[i % COUNTIES.length]!
    const number = 100 + Math.floor(i / COUNTIES.length) + 1
    return {
      divisionCode: county.code + String(number).padStart(3, '0'),
      name: `${county.name}第${chineseNumeral(number - 100)}街道`,
      offsetSteps: [(i % columns) * stepX, -Math.floor(i / columns) * stepY] as const,
    }
  })
}

/**
 * The city as one interchange FeatureCollection (level 1, then 2, then 3, each in code order, as the street's),
 * ready for the grid import. 74 streets give 666 communities, 4,810 areas and 100,640 unit grids in about 3 s.
 */
export function generateCity({ streets, communitiesPerStreet, withoutReference }: CityOptions): GridFeatureCollection {
  if (!Number.isInteger(streets) || streets < 1) throw new RangeError(`streets must be a positive integer: ${streets}`)
  const street = keepCommunities(generateStreet(), communitiesPerStreet)
  const laid = cityStreets(streets).slice(withoutReference ? 1 : 0)
  const copies = laid.map((s) => street.features.map((f) => moved(f, s)))
  const level = (l: number) => copies.flatMap((features) => features.filter((f) => f.properties.level === l))
  const features = [1, 2, 3].flatMap((l) => byCode(level(l)))
  return { type: 'FeatureCollection', features }
}

function keepCommunities(street: GridFeatureCollection, k: number | undefined): GridFeatureCollection {
  if (k === undefined) return street
  const kept = new Set(
    street.features
      .filter((f) => f.properties.level === 1)
      .slice(0, k)
      .map((f) => f.properties.code),
  )
  // Every code starts with its community's 12 digits (CJ/T 213), the area's and unit grid's alike.
  return { ...street, features: street.features.filter((f) => kept.has(f.properties.code.slice(0, 12))) }
}

function moved(feature: GridFeature, street: CityStreet): GridFeature {
  const { code, parentCode, name } = feature.properties
  const recode = (c: string) => street.divisionCode + c.slice(STREET.divisionCode.length)
  const reference = street.divisionCode === STREET.divisionCode
  const [dx, dy] = street.offsetSteps
  // Rounded on the 1e-7 lattice the street is written on: the same vertex moves to the same bits in every ring.
  const at = ([lng, lat]: [number, number]): [number, number] => [
    Math.round(lng * STEPS_PER_DEGREE + dx) / STEPS_PER_DEGREE,
    Math.round(lat * STEPS_PER_DEGREE + dy) / STEPS_PER_DEGREE,
  ]
  const { geometry } = feature
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return {
    type: 'Feature',
    properties: {
      level: feature.properties.level,
      code: recode(code),
      name: reference ? name : `${street.name}${name}`,
      parentCode: parentCode === null ? null : recode(parentCode),
    },
    geometry: { type: 'MultiPolygon', coordinates: polygons.map((polygon) => polygon.map((ring) => ring.map(at))) },
  }
}

function byCode(features: GridFeature[]): GridFeature[] {
  return features.sort((a, b) =>
    a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0,
  )
}
