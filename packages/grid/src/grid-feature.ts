import { Type, type Static } from '@sinclair/typebox'

const Position = Type.Tuple([Type.Number(), Type.Number()], { description: '[lng, lat] in WGS-84' })
const Ring = Type.Array(Position, { minItems: 4 })
/** Text a column may hold: PostgreSQL refuses NUL, and no other control character belongs in a code or a name. */
const NO_CONTROL_CHARACTERS = '^[^\\x00-\\x1F\\x7F]*$'

export const PolygonGeometry = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Ring, { minItems: 1 }),
})
export const MultiPolygonGeometry = Type.Object({
  type: Type.Literal('MultiPolygon'),
  coordinates: Type.Array(Type.Array(Ring, { minItems: 1 }), { minItems: 1 }),
})
export const GridGeometry = Type.Union([PolygonGeometry, MultiPolygonGeometry])
export type GridGeometry = Static<typeof GridGeometry>

/** One grid in the interchange format used by import, export and the seed. */
export const GridFeature = Type.Object({
  type: Type.Literal('Feature'),
  properties: Type.Object({
    level: Type.Integer({ minimum: 1, maximum: 3 }),
    code: Type.String({ minLength: 1, maxLength: 32, pattern: NO_CONTROL_CHARACTERS }),
    name: Type.String({ minLength: 1, maxLength: 100, pattern: NO_CONTROL_CHARACTERS }),
    // Null first: with the server's type coercion a string branch tried first would turn null into ''.
    parentCode: Type.Union([Type.Null(), Type.String({ maxLength: 32, pattern: NO_CONTROL_CHARACTERS })]),
  }),
  geometry: GridGeometry,
})
export type GridFeature = Static<typeof GridFeature>

export const GridFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(GridFeature, { minItems: 1, maxItems: 20000 }),
})
export type GridFeatureCollection = Static<typeof GridFeatureCollection>
