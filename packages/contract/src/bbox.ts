import { Type } from '@sinclair/typebox'

/** A viewport in the query string: minLng,minLat,maxLng,maxLat (WGS-84). The API parses and range-checks it. */
export const BBoxParam = Type.String({
  pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*(,\\s*-?\\d+(\\.\\d+)?\\s*){3}$',
  description: 'minLng,minLat,maxLng,maxLat (WGS-84)',
})
