import { Type, type Static } from '@sinclair/typebox'
import { GridFeatureCollection } from '@wangge/grid'
import { BBoxParam } from './bbox.ts'
import { Id } from './schema-types.ts'

const LevelParam = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])

export const GridLayerQuery = Type.Object({
  level: Type.Integer({ minimum: 1, maximum: 3, description: '1 社区 · 2 片区 · 3 单元网格' }),
  parent: Type.Optional(Id()),
  bbox: Type.Optional(BBoxParam),
  zoom: Type.Optional(Type.Number({ minimum: 0, maximum: 22 })),
})
export type GridLayerQuery = Static<typeof GridLayerQuery>

export const GridIdParams = Type.Object({ id: Id() })

export const GridRef = Type.Object({ id: Type.Integer(), code: Type.String(), level: LevelParam, name: Type.String() })

export const GridDetail = Type.Object({
  ...GridRef.properties,
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  areaM2: Type.Number(),
  childrenCount: Type.Integer(),
  chain: Type.Array(GridRef),
})

export const LocateQuery = Type.Object({
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
})

export const GridChain = Type.Object({ chain: Type.Tuple([GridRef, GridRef, GridRef]) })

export const GridLayer = Type.Object(
  { type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown()) },
  { description: 'GeoJSON FeatureCollection; properties: id, code, level, name, parentId' },
)

export const ImportResult = Type.Object({
  counts: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer() }),
  removed: Type.Integer(),
})

export { GridFeatureCollection }

export type GridRef = Static<typeof GridRef>
export type GridDetail = Static<typeof GridDetail>
export type GridChain = Static<typeof GridChain>
export type ImportResult = Static<typeof ImportResult>
export type LocateQuery = Static<typeof LocateQuery>
