import { Type, type TSchema } from '@sinclair/typebox'

/**
 * A reply the database has already written as JSON text (GeoJSON from PostGIS), which the route sends as it is
 * through an identity serialiser rather than parsing and serialising it again. The schema documents the shape in
 * /api/docs; the route's static type is the text it really sends, so no cast is needed to send it.
 */
export const PrebuiltJson = <T extends TSchema>(schema: T) => Type.Unsafe<string>(schema)
