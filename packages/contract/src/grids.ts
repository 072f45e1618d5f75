import { Type, type Static } from '@sinclair/typebox'
import { GridFeatureCollection, GridImportCollection } from '@wangge/grid'
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

const Lnglat = Type.Tuple([Type.Number(), Type.Number()])
/** Where a problem or a change lies: a point on it and its extent [w, s, e, n]. */
export const GridLocation = Type.Object({
  point: Lnglat,
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
})

const QueryFlag = (description: string) => Type.Optional(Type.Boolean({ description }))

export const ImportQuery = Type.Object({
  crs: Type.Optional(
    Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')], {
      description: "文件坐标系 / the file's coordinate system; gcj02 is converted to WGS-84 (default wgs84)",
    }),
  ),
  deriveParents: QueryFlag('以下级网格合并重建上级 / rebuild each parent as the union of its children'),
  clipChildren: QueryFlag('将下级网格裁剪到上级 / cut each child to its parent'),
  snapSlivers: QueryFlag('吸附相邻网格间的细小重叠（默认开）/ snap slivers between neighbours (default on)'),
})
export type ImportQuery = Static<typeof ImportQuery>

export const ImportResult = Type.Object({
  counts: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer() }),
  removed: Type.Integer(),
  changes: Type.Array(
    Type.Object({
      kind: Type.Union([
        Type.Literal('DERIVED_FROM_CHILDREN'),
        Type.Literal('CLIPPED_TO_PARENT'),
        Type.Literal('SLIVER_SNAPPED'),
      ]),
      code: Type.String(),
      featureIndex: Type.Integer(),
      changedM2: Type.Number(),
      areaBeforeM2: Type.Number(),
      areaAfterM2: Type.Number(),
      message: Type.String(),
      location: Type.Union([GridLocation, Type.Null()]),
    }),
  ),
  warnings: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('THIRD_COORDINATE_DROPPED'), Type.Literal('CONVERTED_FROM_GCJ02')]),
      features: Type.Integer(),
      message: Type.String(),
    }),
  ),
})

export { GridFeatureCollection, GridImportCollection }

export type GridRef = Static<typeof GridRef>
export type GridDetail = Static<typeof GridDetail>
export type GridChain = Static<typeof GridChain>
export type ImportResult = Static<typeof ImportResult>
export type LocateQuery = Static<typeof LocateQuery>
