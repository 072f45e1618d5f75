import type { GridImportCrs } from './grid-import-input.ts'
import type { GridLocation } from './grid-location.ts'

/**
 * What the import may do to a file to make a tree of it, each off unless asked for, except sliver snapping: a sliver
 * is by definition smaller than any disagreement worth a person's time, and every snap is reported.
 */
export interface GridImportOptions {
  crs: GridImportCrs
  /** Replace each area and community by the union of its children (the children are the authority). */
  deriveParents: boolean
  /** Cut each child's spill-over beyond its parent (the parent is the authority). */
  clipChildren: boolean
  /** Give a sliver two neighbours both claim to one of them instead of refusing the file. */
  snapSlivers: boolean
}

export const DEFAULT_GRID_IMPORT_OPTIONS: GridImportOptions = {
  crs: 'wgs84',
  deriveParents: false,
  clipChildren: false,
  snapSlivers: true,
}

export type GridImportChangeKind = 'DERIVED_FROM_CHILDREN' | 'CLIPPED_TO_PARENT' | 'SLIVER_SNAPPED'

/** One grid whose geometry the import changed, by how much and where. */
export interface GridImportChange {
  kind: GridImportChangeKind
  code: string
  featureIndex: number
  /** The area that changed hands: added or removed (derived), removed (clipped, snapped). */
  changedM2: number
  areaBeforeM2: number
  areaAfterM2: number
  message: string
  location: GridLocation | null
}
