import { Type } from '@sinclair/typebox'
import type { BBox } from '../../db/postgis.ts'
import { AppError } from '../../errors.ts'

/** A viewport in the query string: minLng,minLat,maxLng,maxLat (WGS-84). */
export const BBoxParam = Type.String({
  pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*(,\\s*-?\\d+(\\.\\d+)?\\s*){3}$',
  description: 'minLng,minLat,maxLng,maxLat (WGS-84)',
})

export function parseBBox(text: string): BBox {
  const [minLng, minLat, maxLng, maxLat] = text.split(',').map(Number) as [number, number, number, number]
  const inRange = Math.abs(minLng) <= 180 && Math.abs(maxLng) <= 180 && Math.abs(minLat) <= 90 && Math.abs(maxLat) <= 90
  if (!inRange || minLng > maxLng || minLat > maxLat) {
    throw new AppError(400, 'VALIDATION_FAILED', 'bbox 无效：应为 minLng,minLat,maxLng,maxLat / invalid bbox', [
      { field: 'querystring.bbox', message: 'expected minLng,minLat,maxLng,maxLat within WGS-84 with min ≤ max' },
    ])
  }
  return [minLng, minLat, maxLng, maxLat]
}
