import type { BBox } from '../../db/postgis.ts'
import { AppError } from '../../errors.ts'

/** Turns a viewport that passed `BBoxParam` (@wangge/contract) into numbers, refusing one outside WGS-84 or inside out. */
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
