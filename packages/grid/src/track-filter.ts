/**
 * Which of a patrol's positions make its track. A phone's fix can be poor (a wide accuracy circle indoors) or jump
 * (a cell-tower fix hundreds of metres off between two good ones); both would draw a line through grids the worker
 * never entered and inflate coverage. The phone filters before it buffers and the server filters again (it trusts
 * no client), with the same rule and the street's limits.
 */

export interface TrackPoint {
  id: string
  /** Milliseconds since the epoch. */
  at: number
  lng: number
  lat: number
  accuracy: number | null
}

export interface TrackLimits {
  /** A fix whose accuracy circle is wider than this (metres) is dropped. */
  maxAccuracyM: number
  /** A fix that would need a faster walk (or ride) from the last kept one than this (m/s) is dropped. */
  maxSpeedMps: number
}

export type OutlierReason = 'accuracy' | 'speed' | 'order'

export interface FilteredTrack<P extends TrackPoint> {
  kept: P[]
  dropped: { point: P; reason: OutlierReason }[]
}

const EARTH_RADIUS_M = 6_371_008.8

/** Great-circle distance in metres (haversine; metres of error at patrol distances). */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * Keeps the points of `points` (in time order after sorting) that follow `last` — the last point already kept, if
 * any — within the limits. Speed is measured from the last kept point, so one jump is dropped and the walk resumes
 * from where it was; a point no later than the last kept one is out of order (a track only moves forward).
 * Fixes under a second apart are timed as one second, and a move of 30 m or less is never a jump (fix jitter).
 */
export function filterTrack<P extends TrackPoint>(
  points: readonly P[],
  last: Pick<TrackPoint, 'at' | 'lng' | 'lat'> | null,
  limits: TrackLimits,
): FilteredTrack<P> {
  const kept: P[] = []
  const dropped: FilteredTrack<P>['dropped'] = []
  let previous = last
  for (const point of [...points].sort((a, b) => a.at - b.at)) {
    if (point.accuracy !== null && point.accuracy > limits.maxAccuracyM) {
      dropped.push({ point, reason: 'accuracy' })
      continue
    }
    if (previous) {
      const seconds = (point.at - previous.at) / 1000
      if (seconds <= 0) {
        dropped.push({ point, reason: 'order' })
        continue
      }
      const metres = distanceM(previous, point)
      if (metres / Math.max(seconds, 1) > limits.maxSpeedMps && metres > 30) {
        dropped.push({ point, reason: 'speed' })
        continue
      }
    }
    kept.push(point)
    previous = point
  }
  return { kept, dropped }
}
