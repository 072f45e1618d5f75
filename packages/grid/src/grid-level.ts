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
 * Zooms whose simplified shapes the server keeps ready (migration 0002: a quarter-pixel tolerance per zoom);
 * other zooms use the nearest of them.
 */
export const SHAPE_ZOOMS = { min: 12, max: 18 } as const

export function shapeZoomFor(zoom: number): number {
  return Math.min(SHAPE_ZOOMS.max, Math.max(SHAPE_ZOOMS.min, Math.floor(zoom)))
}
