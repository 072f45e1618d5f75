import { Type, type Static } from '@sinclair/typebox'
import gcoord from 'gcoord'
import { GridFeature, type GridFeatureCollection, type GridGeometry } from './grid-feature.ts'

/**
 * What the import accepts, wider than the interchange format it normalises to: positions may carry a third (height)
 * or fourth (measure) value, as many published boundary files do, and a city's tree may hold far more than a
 * street's features. Other properties (DataV's adcode, center, parent…) are allowed and ignored.
 */
const ImportPosition = Type.Array(Type.Number(), { minItems: 2, maxItems: 4, description: '[lng, lat, height?, m?]' })
const ImportRing = Type.Array(ImportPosition, { minItems: 4 })
const ImportGeometry = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(ImportRing, { minItems: 1 }) }),
  Type.Object({
    type: Type.Literal('MultiPolygon'),
    coordinates: Type.Array(Type.Array(ImportRing, { minItems: 1 }), { minItems: 1 }),
  }),
])

export const GridImportFeature = Type.Object({
  type: Type.Literal('Feature'),
  properties: GridFeature.properties.properties,
  geometry: ImportGeometry,
})
export type GridImportFeature = Static<typeof GridImportFeature>

/** 200,000 features: a city's 100,000 unit grids with their areas and communities, with room to spare. */
export const GRID_IMPORT_MAX_FEATURES = 200_000

export const GridImportCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(GridImportFeature, { minItems: 1, maxItems: GRID_IMPORT_MAX_FEATURES }),
})
export type GridImportCollection = Static<typeof GridImportCollection>

/** The coordinate systems a file may be in: WGS-84 (GPS, the default) or GCJ-02 (高德, 腾讯, DataV). */
export type GridImportCrs = 'wgs84' | 'gcj02'

export interface GridImportWarning {
  kind: 'THIRD_COORDINATE_DROPPED' | 'CONVERTED_FROM_GCJ02'
  /** How many features it concerns. */
  features: number
  message: string
}

/**
 * Brings a file to the interchange format: positions cut to [lng, lat] (with a warning naming how many features
 * had more) and, for a GCJ-02 file, converted to WGS-84 with gcoord. The conversion is a pure function of each
 * position, so vertices neighbours share stay shared and a ring's closing vertex still equals its first.
 */
export function normaliseGridImport(
  input: GridImportCollection,
  crs: GridImportCrs = 'wgs84',
): { collection: GridFeatureCollection; warnings: GridImportWarning[] } {
  let withThird = 0
  const toWgs84 =
    crs === 'gcj02'
      ? (p: [number, number]) => gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84) as [number, number]
      : (p: [number, number]) => p
  const features = input.features.map((feature) => {
    let extra = false
    const position = (p: number[]): [number, number] => {
      if (p.length > 2) extra = true
      return toWgs84([p[0]!, p[1]!])
    }
    const geometry: GridGeometry =
      feature.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: feature.geometry.coordinates.map((ring) => ring.map(position)) }
        : {
            type: 'MultiPolygon',
            coordinates: feature.geometry.coordinates.map((poly) => poly.map((ring) => ring.map(position))),
          }
    if (extra) withThird++
    const { level, code, name, parentCode } = feature.properties
    return { type: 'Feature' as const, properties: { level, code, name, parentCode }, geometry }
  })
  const warnings: GridImportWarning[] = []
  if (withThird > 0)
    warnings.push({
      kind: 'THIRD_COORDINATE_DROPPED',
      features: withThird,
      message: `${withThird} 个要素的坐标带有第三个值（高程），已忽略 / a third coordinate (height) was dropped in ${withThird} feature(s)`,
    })
  if (crs === 'gcj02')
    warnings.push({
      kind: 'CONVERTED_FROM_GCJ02',
      features: features.length,
      message: `已将 ${features.length} 个要素由 GCJ-02 转换为 WGS-84 / ${features.length} feature(s) converted from GCJ-02 to WGS-84`,
    })
  return { collection: { type: 'FeatureCollection', features }, warnings }
}
