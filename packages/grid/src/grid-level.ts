/** Level 1 is the community (社区), level 2 the area (片区), level 3 the unit grid (单元网格). */
export type GridLevel = 1 | 2 | 3

export const GRID_LEVELS: readonly GridLevel[] = [1, 2, 3]

export function isGridLevel(value: unknown): value is GridLevel {
  return value === 1 || value === 2 || value === 3
}

/**
 * The grid level the map shows at a Leaflet zoom: communities far out, areas in between, unit grids close in,
 * so the whole street never asks for all 1,360 detailed cells at once.
 */
export function levelForZoom(zoom: number): GridLevel {
  if (zoom < 15) return 1
  if (zoom < 16) return 2
  return 3
}

/**
 * Simplification tolerance in degrees for a zoom: about a quarter of a screen pixel at that zoom
 * (360° / 256 px / 2^zoom), so simplified outlines are indistinguishable from the stored ones on screen.
 */
export function simplifyToleranceForZoom(zoom: number): number {
  const clamped = Math.min(Math.max(zoom, 0), 22)
  return 360 / 256 / 2 ** clamped / 4
}

/** Decimal places of coordinates worth sending at a zoom (~1/10 pixel), between 4 and 7. */
export function coordinatePrecisionForZoom(zoom: number): number {
  return Math.min(7, Math.max(4, Math.ceil(Math.log10(256 * 2 ** zoom * 10 / 360))))
}

/** Zooms whose simplified shapes are kept ready; other zooms use the nearest of them. */
export const SHAPE_ZOOMS = { min: 12, max: 18 } as const

export function shapeZoomFor(zoom: number): number {
  return Math.min(SHAPE_ZOOMS.max, Math.max(SHAPE_ZOOMS.min, Math.floor(zoom)))
}
